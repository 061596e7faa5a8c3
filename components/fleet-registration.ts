/**
 * Which domains one run of the program registered, so whoever hosts the program can refuse a run that
 * registered fewer domains than the stack declares. The engine reads "no resource registered" as "delete
 * them all": a program that silently did not run (a module served from a cache, a crashed import) must fail
 * the run instead of planning the deletion of a fleet.
 *
 * The ledger lives on a global symbol, not in this module, so two copies of the module (two require caches,
 * a consumer's node_modules) still write to one ledger.
 */
import * as pulumi from "@pulumi/pulumi";

const LEDGER = Symbol.for("mailinfra.fleetRegistration");

interface Ledger {
  domains: Set<string>;
}

function ledger(): Ledger {
  const holder = globalThis as { [LEDGER]?: Ledger };
  holder[LEDGER] ??= { domains: new Set() };
  return holder[LEDGER];
}

/** Called by the host before each run of the program. */
export function beginProgramRun(): void {
  ledger().domains = new Set();
}

/** Called by MailDomain as it registers. */
export function noteDomainRegistered(name: string): void {
  ledger().domains.add(name.toLowerCase());
}

/** Domains registered since the last `beginProgramRun`. */
export function registeredDomains(): ReadonlySet<string> {
  return ledger().domains;
}

/**
 * The domains the stack declares (`mailinfra:domains`, names as written) that this run did not register, or
 * an empty list. A declared name counts as registered when it, or its form under `normalize` (the punycode,
 * lower-case spelling MailDomain registers), was noted.
 */
export function unregisteredDomains(
  declared: readonly string[],
  toAscii: (name: string) => string,
): string[] {
  const seen = registeredDomains();
  return declared.filter((name) => !seen.has(name.toLowerCase()) && !seen.has(toAscii(name).toLowerCase()));
}

/**
 * The error a host raises when a run registered fewer domains than the stack declares: a `RunError`, so
 * Pulumi shows the message without a stack trace.
 */
export function unregisteredDomainsError(missing: readonly string[], declared: number): Error {
  const list =
    missing.length > 5
      ? `${missing.slice(0, 5).join(", ")} and ${missing.length - 5} more`
      : missing.join(", ");
  return new pulumi.RunError(
    `mailinfra: this run of the program registered ${declared - missing.length} of the ${declared} domains the stack declares in mailinfra:domains (missing: ${list}). ` +
      "It stopped before the engine could plan to delete them; nothing was created, changed or deleted. " +
      "The program did not run in full: index.ts must export the program as a function (`export = program`) so every preview, up and refresh runs it afresh. Please report this with the command you ran.",
  );
}
