/**
 * The Spamhaus Data Query Service key: the one definition of its setting and its shape, used where the stack
 * configuration is read (components/config, at preview) and where the key is used (checkBlocklists).
 *
 * https://docs.spamhaus.com/datasets/docs/source/70-access-methods/data-query-service/020-dqs-auth.html: DQS zones
 * are `<key>.<name>`, "where <key> is a 26-character code specific to each customer". The page does not name the
 * characters; the key is one DNS label of the query name, and mailinfra takes letters and digits.
 */

/** Where the key is set. */
export const DQS_KEY_SETTING = "mailinfra:health.spamhausDqsKey";

/** A DQS key: 26 letters and digits (see above). */
export const SPAMHAUS_DQS_KEY = /^[a-z0-9]{26}$/i;

/** The fix for a wrong key, never quoting it. */
export const DQS_KEY_FIX = `Copy the 26-character DQS key from your Spamhaus account's DQS page and set it with: pulumi config set --secret --path '${DQS_KEY_SETTING}' <key>`;

/**
 * Pure: what is wrong with `key` (already trimmed) as a DQS key, saying its length and kind of characters and
 * never the key itself, or undefined when it has the documented shape.
 */
export function dqsKeyProblem(key: string): string | undefined {
  if (SPAMHAUS_DQS_KEY.test(key)) return undefined;
  const wrong = [
    key.length === 26 ? "" : `it is ${key.length} characters long, not 26`,
    /^[a-z0-9]*$/i.test(key) ? "" : "it holds characters other than letters and digits",
  ].filter(Boolean);
  return `is not a Spamhaus DQS key (26 letters and digits): ${wrong.join(" and ")}`;
}
