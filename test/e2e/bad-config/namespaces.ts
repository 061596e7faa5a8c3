import { type BadConfig, domain, withDomains } from "./support";

const ttl300 = { value: JSON.stringify({ ttl: 300 }) };
const domainList = () => ({ value: JSON.stringify([domain()]) });

/**
 * Bad config: keys meant for mailinfra under a namespace it never reads. (`pulumi config set domains ...`
 * without a namespace is right: Pulumi files it under the project's name, `mailinfra:domains`.)
 */
export const namespaceCases: BadConfig[] = [
  {
    name: "misspelled the namespace of the defaults (mailinfa:defaults)",
    config: () => withDomains([domain()], { "mailinfa:defaults": ttl300 }),
    errors: [{ path: "mailinfa:defaults", fix: /Rename the key to `mailinfra:defaults`/ }],
    up: true,
  },
  {
    name: "misspelled the namespace three more ways (mailinfra-:, mailnfra:, Mailinfra:)",
    config: () =>
      withDomains([domain()], {
        "mailinfra-:domains": domainList(),
        "mailnfra:domains": domainList(),
        "Mailinfra:domains": domainList(),
      }),
    errors: [
      { path: "mailinfra-:domains", fix: /Rename the key to `mailinfra:domains`/ },
      { path: "mailnfra:domains", fix: /Rename the key to `mailinfra:domains`/ },
      { path: "Mailinfra:domains", fix: /Rename the key to `mailinfra:domains`/ },
    ],
  },
  {
    name: "put mailinfra keys under other programs' namespaces, beside those programs' own keys",
    config: () =>
      withDomains([domain()], {
        "pulumi:domains": domainList(),
        "cloudflare:domains": domainList(),
        "aws:defaults": ttl300,
        "cloudflare:apiToken": { value: "cf-token-of-another-program", secret: true },
        "aws:region": { value: "eu-west-1" },
      }),
    errors: [
      { path: "pulumi:domains", fix: /Rename the key to `mailinfra:domains`/ },
      { path: "cloudflare:domains", fix: /Rename the key to `mailinfra:domains`/ },
      { path: "aws:defaults", fix: /Rename the key to `mailinfra:defaults`/ },
    ],
  },
];
