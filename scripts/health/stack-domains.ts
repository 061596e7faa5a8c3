import type { MailinfraConfig } from "../../components/config/schema";
import { sendingAddresses } from "../../health/blocklists/targets";
import type { HealthDomainsOutput } from "./stack-reading";
import type { StackDomain } from "./stack-signals";

/**
 * The domains a health run checks: those the stack declares, in its order, with the records and mailboxes its
 * last `up` recorded in the `domains` output. A declared domain not in the output yet (never deployed) is
 * checked with no published records (its DKIM cannot be compared) and no mailboxes.
 */
export function stackDomains(config: MailinfraConfig, output: HealthDomainsOutput): StackDomain[] {
  return config.domains.map((declared) => {
    const deployed = output[declared.name];
    const published = deployed?.records ?? [];
    const tracking = published.find((r) => r.purpose === "tracking");
    return {
      domain: declared.name,
      published,
      ...(tracking ? { trackingHost: tracking.name } : {}),
      sendingIps: sendingAddresses(declared),
      mailboxes: (deployed?.mailboxes ?? []).flatMap((m) =>
        m.email === undefined
          ? []
          : [
              {
                address: m.email,
                ...(m.smartleadAccountId === undefined ? {} : { smartleadAccountId: m.smartleadAccountId }),
              },
            ],
      ),
    };
  });
}
