import { createHash, randomBytes } from "node:crypto";

/**
 * Mailbox passwords. Google accepts 8–100 printable ASCII characters (Directory API `password`); an
 * admin may also enforce "strong" passwords (letters, numbers and symbols mixed). We generate 24
 * characters with at least one lower-case letter, upper-case letter, digit and symbol, from an alphabet
 * that survives SMTP/IMAP clients, CSV exports and shells unquoted-ish (no quotes, backslash, space).
 */

const lower = "abcdefghijkmnopqrstuvwxyz";
const upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
const digits = "23456789";
const symbols = "-_.!@#%+=";
const alphabet = lower + upper + digits + symbols;

export const mailboxPasswordLength = 24;

/** Unbiased index in [0, size) from crypto.randomBytes (rejection sampling). */
function randomIndex(size: number): number {
  const limit = 256 - (256 % size);
  for (;;) {
    const byte = randomBytes(1)[0]!;
    if (byte < limit) return byte % size;
  }
}

function pick(chars: string): string {
  return chars[randomIndex(chars.length)]!;
}

export function generateMailboxPassword(length = mailboxPasswordLength): string {
  if (length < 8 || length > 100) throw new Error(`password length must be 8–100, got ${length}`);
  const chars = [pick(lower), pick(upper), pick(digits), pick(symbols)];
  while (chars.length < length) chars.push(pick(alphabet));
  // Fisher–Yates, so the guaranteed classes are not always in front.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomIndex(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join("");
}

/**
 * What is sent to Google: the SHA-1 hex digest with `hashFunction: "SHA-1"`, which the Directory API
 * accepts. The clear password then never travels in a request body (nor in any error object that holds
 * one); with 24 random characters the unsalted digest cannot be reversed.
 */
export function googlePassword(password: string): { hash: string; hashFunction: "SHA-1" } {
  return { hash: createHash("sha1").update(password, "utf8").digest("hex"), hashFunction: "SHA-1" };
}
