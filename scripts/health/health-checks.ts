import { revealConfigSecret as reveal } from "../../components/config/config-secret";
import type { MailinfraConfig } from "../../components/config/schema";
import { checkBlocklists } from "../../health/blocklists";
import { readDmarcReports } from "../../health/dmarc-reports";
import { checkDnsAuthentication } from "../../health/dns-authentication";
import { quorumResolver } from "../../health/quorum-resolver";
import type { MailboxSignals } from "../../health/signals";
import { smartleadMailboxSignals } from "../../health/smartlead-mailboxes";
import { PUBLIC_RESOLVERS } from "../../providers/readiness/default-resolvers";
import { SmartleadClient } from "../../providers/smartlead/smartlead-client";
import type { HealthFlags } from "./command-line";
import type { HealthChecks, StackDomain } from "./stack-signals";

/** Without `mailinfra:smartlead`, what a mailbox's Smartlead signals say. */
function withoutSmartlead(m: StackDomain["mailboxes"][number]): MailboxSignals {
  const unknown = {
    verdict: "unknown" as const,
    detail: "the stack has no mailinfra:smartlead configuration, so Smartlead was not asked",
  };
  return {
    address: m.address,
    smtp: { ...unknown, state: "unknown" },
    imap: { ...unknown, state: "unknown" },
    warmup: { ...unknown, days: [] },
    campaignIds: [],
  };
}

/**
 * The real checks of a health run, from the stack's configuration: the readiness resolvers and quorum (else the
 * public resolvers receivers sit behind, by majority), the blocklist resolvers and Spamhaus DQS key of
 * `mailinfra:health`, the Smartlead key through the client `up` uses, so its calls share the key's budget with
 * every other process on the machine (providers/smartlead/rate-limiter.ts), and the DMARC reports mailbox of
 * `mailinfra:dmarcReports` read with the Google service account (health/dmarc-reports).
 */
export async function stackHealthChecks(
  config: MailinfraConfig,
  flags: Pick<HealthFlags, "warmupStatsLimit">,
): Promise<HealthChecks> {
  const resolvers = config.readiness.resolvers ?? PUBLIC_RESOLVERS;
  // One resolver for the run: an include every domain shares (_spf.google.com) is asked once.
  const resolve = quorumResolver({ resolvers, quorum: config.readiness.quorum ?? "majority" });
  const dqsKey = config.health.spamhausDqsKey ? await reveal(config.health.spamhausDqsKey) : undefined;
  const smartlead = config.smartlead;
  const client = smartlead
    ? new SmartleadClient({
        apiKey: await reveal(smartlead.apiKey),
        baseUrl: smartlead.baseUrl,
        ...(smartlead.rateLimit ? { rateLimit: smartlead.rateLimit } : {}),
      })
    : undefined;
  const reports = config.dmarcReports;
  const google = config.google;
  return {
    // Only when the stack declares a reports mailbox; read through the service account's domain-wide delegation.
    ...(reports
      ? {
          dmarcReports: async () => {
            if (!google) {
              throw new Error(
                `mailinfra:google is not configured, and ${reports.mailbox} is read with its service account (README, "DMARC reports")`,
              );
            }
            return readDmarcReports({
              mailbox: reports.mailbox,
              serviceAccountKey: await reveal(google.serviceAccountKey),
              ...(google.rootUrl ? { rootUrl: google.rootUrl } : {}),
            });
          },
        }
      : {}),
    dns: (target) => checkDnsAuthentication(target, resolve),
    blocklists: (targets) =>
      checkBlocklists(targets, {
        resolvers: config.health.blocklistResolvers ?? resolvers,
        ...(dqsKey ? { spamhausDqsKey: dqsKey } : {}),
      }),
    smartlead: async (mailboxes) =>
      client
        ? smartleadMailboxSignals(client, mailboxes, {
            ...(flags.warmupStatsLimit === undefined ? {} : { warmupStatsLimit: flags.warmupStatsLimit }),
          })
        : mailboxes.map(withoutSmartlead),
  };
}
