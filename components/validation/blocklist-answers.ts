import { PUBLIC_RESOLVERS } from "../../providers/readiness/default-resolvers";
import { configPath, configWarning } from "../config/issue";
import type { MailinfraConfig } from "../config/schema";
import type { ConfigRule } from "./rule";

/**
 * Before a mailbox joins its campaigns, `up` asks the blocklists about its domain (components/campaign-policy/),
 * and a name no list answered for holds it back. Spamhaus, URIBL and SURBL refuse lookups that come through public
 * resolvers (health/blocklists/: Spamhaus 127.255.255.254, URIBL and SURBL 127.0.0.1), so a stack that asks
 * through them and has no Spamhaus DQS key would never let a new mailbox join: said once at preview, with the fix.
 */
export const blocklistAnswersRule: ConfigRule = (config: MailinfraConfig) => {
  if (config.smartlead === undefined) return [];
  const gated = config.domains.some((d) =>
    d.mailboxes.some((m) => m.smartlead.enabled && m.smartlead.campaignIds.length > 0),
  );
  if (!gated) return [];
  const { spamhausDqsKey, blocklistResolvers } = config.health;
  if (spamhausDqsKey !== undefined || (blocklistResolvers?.length ?? 0) > 0) return [];
  const asking = config.readiness.resolvers ?? PUBLIC_RESOLVERS;
  if (!asking.every((r) => PUBLIC_RESOLVERS.includes(r.split(":")[0] ?? r))) return [];
  return [
    configWarning(
      configPath(["health"]),
      `names neither spamhausDqsKey nor blocklistResolvers, so the blocklists are asked through the public resolvers ${asking.join(", ")}, which Spamhaus, URIBL and SURBL refuse: no list can answer for your domains, and mailboxes that declare campaigns wait instead of joining them`,
      "Set a Spamhaus DQS key (free for low volumes; it answers through any resolver): pulumi config set --secret --path 'mailinfra:health.spamhausDqsKey' <key>, or name a recursive resolver you run in mailinfra:health.blocklistResolvers.",
    ),
  ];
};
