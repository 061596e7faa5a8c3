import { z } from "zod";
import { DQS_KEY_FIX, DQS_KEY_SETTING, dqsKeyProblem } from "../../health/blocklists/dqs-key";
import { resolverAddressSchema } from "../../providers/readiness/resolver-address";
import { type ConfigIssue, configError } from "./issue";
import { secretSchema } from "./secret-setting";

/**
 * `mailinfra:health`: the stack-level settings `npm run health` reads besides the stack's outputs. Every field is
 * optional; a stack without the key checks blocklists through its readiness resolvers on the lists' public
 * mirrors.
 * ```yaml
 * mailinfra:health:
 *   blocklistResolvers: [192.0.2.53]   # your own recursive resolver, not 1.1.1.1/8.8.8.8/9.9.9.9
 *   # spamhausDqsKey: pulumi config set --secret --path 'mailinfra:health.spamhausDqsKey' <key>
 * ```
 */
export const healthSettingsSchema = z.strictObject({
  /**
   * Spamhaus Data Query Service key (26 characters, from the Spamhaus account's DQS page): DBL and ZEN are then
   * asked as `<target>.<key>.dbl.dq.spamhaus.net` / `<reversed-ip>.<key>.zen.dq.spamhaus.net`
   * (https://docs.spamhaus.com/datasets/docs/source/70-access-methods/data-query-service/040-dqs-queries.html)
   * instead of the public mirrors, which refuse queries that come through public resolvers. A Pulumi secret:
   * `pulumi config set --secret --path 'mailinfra:health.spamhausDqsKey' <key>`.
   * @default unset (the public mirrors dbl.spamhaus.org and zen.spamhaus.org)
   */
  spamhausDqsKey: secretSchema(DQS_KEY_SETTING, "<dqs-key>").optional(),
  /**
   * Resolvers the blocklist lookups go through, as `ip` or `ip:port`, instead of `mailinfra:readiness.resolvers`.
   * Spamhaus, URIBL and SURBL refuse (answer an error code to) queries that reach them through public resolvers
   * such as 1.1.1.1, 8.8.8.8 or 9.9.9.9, and Barracuda answers only resolvers registered with it: name your own
   * recursive resolver here.
   * @default unset (the readiness resolvers)
   * @example ["192.0.2.53", "127.0.0.1:5353"]
   */
  blocklistResolvers: z.array(resolverAddressSchema).min(1).optional(),
});

/**
 * Pure: the error for a DQS key of the wrong shape (health/blocklists/dqs-key.ts), so a preview refuses it
 * instead of the first `npm run health`. The secret is only readable as text before it becomes an Output:
 * stack-config.ts calls this on it there. The message never quotes the key.
 * @param key the decrypted value of `mailinfra:health.spamhausDqsKey`
 */
export function spamhausDqsKeyIssues(key: string): ConfigIssue[] {
  const problem = dqsKeyProblem(key.trim());
  return problem === undefined ? [] : [configError(DQS_KEY_SETTING, problem, DQS_KEY_FIX)];
}

/** `mailinfra:health` after parsing: the DQS key, when set, is a secret Output. */
export type HealthSettings = z.infer<typeof healthSettingsSchema>;
