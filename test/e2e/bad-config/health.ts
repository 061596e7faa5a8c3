import { type BadConfig, domain, withDomains } from "./support";

/** A DQS key as a person might paste it into the stack file; it must never be echoed back. */
export const PLAIN_DQS_KEY = "plaintextdqskey0123456789a";

/** `mailinfra:health` (components/config/health-settings.ts). */
export const healthCases: BadConfig[] = [
  {
    name: "stores the Spamhaus DQS key in plain text and names a blocklist resolver by host name",
    config: () =>
      withDomains([domain()], {
        "mailinfra:health": {
          value: JSON.stringify({ spamhausDqsKey: PLAIN_DQS_KEY, blocklistResolvers: ["dns.google"] }),
        },
      }),
    errors: [
      {
        path: "mailinfra:health.spamhausDqsKey",
        fix: /pulumi config set --secret --path 'mailinfra:health\.spamhausDqsKey' <dqs-key>/,
      },
      { path: "mailinfra:health.blocklistResolvers[0]", fix: /./ },
    ],
  },
];
