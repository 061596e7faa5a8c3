import type { AnswerMeaning } from "./blocklist";

/**
 * Pure: the meaning of a bitmasked DNSBL answer (SURBL and URIBL multi zones): `127.x.x.N` where each set bit of
 * the last octet names a sub-list and the middle octets are reserved. `refused` is the whole answer the list
 * gives instead of a verdict (127.0.0.1 for both). An answer outside 127/8, without any bit, or with a bit the
 * documentation does not give is `undocumented`.
 * @param bits sub-list name by bit value, e.g. `{ 8: "PH (phishing)" }`
 * @param refused the answer that means "query refused", and what to tell a person about it
 */
export function bitmaskMeaning(
  address: string,
  bits: Readonly<Record<number, string>>,
  refused: { answer: string; text: string },
): AnswerMeaning {
  if (address === refused.answer) return { kind: "refusal", text: refused.text };
  const octets = address.split(".").map(Number);
  if (
    octets.length !== 4 ||
    octets[0] !== 127 ||
    octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)
  )
    return { kind: "undocumented" };
  const last = octets[3]!;
  const known = Object.keys(bits).reduce((mask, bit) => mask | Number(bit), 0);
  if (last === 0 || (last & ~known) !== 0) return { kind: "undocumented" };
  const lists = Object.entries(bits)
    .filter(([bit]) => (last & Number(bit)) !== 0)
    .map(([, name]) => name);
  return { kind: "listing", text: lists.join(", ") };
}
