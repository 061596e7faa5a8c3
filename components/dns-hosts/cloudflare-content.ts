/**
 * The `content` Cloudflare must store so that it serves a TXT record's character-strings exactly.
 *
 * Cloudflare reads TXT content written as quoted strings separated by spaces as those strings, and splits an
 * unquoted value by itself. So a value the builders split (a 2048-bit DKIM key) is written quoted, string by
 * string, and a single-string value is written plain, which is also how people read it in the dashboard.
 *
 * @example
 * cloudflareTxtContent("v=spf1 -all", ["v=spf1 -all"]) // 'v=spf1 -all'
 * cloudflareTxtContent("ab", ["a", "b"])               // '"a" "b"'
 */
export function cloudflareTxtContent(value: string, strings: readonly string[] | undefined): string {
  if (strings === undefined || strings.length <= 1) return value;
  // A mismatch is a builder bug; publishing either form would serve something other than what readiness expects.
  if (strings.join("") !== value) {
    throw new Error(
      `TXT strings ${JSON.stringify(strings)} do not join to the record's value ${JSON.stringify(value)}`,
    );
  }
  return strings.map(quoteCharacterString).join(" ");
}

/** A character-string in zone-file syntax (RFC 1035 §5.1): in double quotes, with `"` and `\` escaped. */
function quoteCharacterString(text: string): string {
  return `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}
