import type { ConfigMap } from "@pulumi/pulumi/automation";
import type { z } from "zod";
import type { DomainEntry } from "../../components/config/parse-domain";
import type { mailboxInputSchema } from "../../components/config/schema";

export type { DomainEntry };
export type MailboxEntry = z.input<typeof mailboxInputSchema>;
/** A domain entry whose mailboxes are known: the schema takes any list there, to report each bad entry. */
export type SendingDomain = Omit<DomainEntry, "mailboxes"> & { mailboxes: MailboxEntry[] };

/** The people of every test fleet, in order: a domain of `n` mailboxes has the first `n`. */
const cast = [
  ["ana", "Ana", "Lopez"],
  ["ben", "Ben", "Okafor"],
  ["cleo", "Cleo", "Martin"],
  ["dev", "Dev", "Sharma"],
  ["eli", "Eli", "Novak"],
] as const;

/** The first `count` people of the cast, as mailboxes (at most 5: the usual number per sending domain). */
export function mailboxes(count: number): MailboxEntry[] {
  if (count > cast.length) throw new Error(`a test fleet has at most ${cast.length} mailboxes a domain`);
  return cast.slice(0, count).map(([username, firstName, lastName]) => ({ username, firstName, lastName }));
}

export interface SendingDomainOptions {
  /**
   * The domain's mailboxes: how many of the cast, or the entries themselves.
   * @default 2
   * @example `mailboxes(2).map((m) => ({ ...m, connection: "oauth" }))`
   */
  mailboxes?: number | MailboxEntry[];
  /**
   * Smartlead campaigns every mailbox joins.
   * @default none (no `smartlead` key)
   */
  campaignIds?: number[];
}

/**
 * A Google Workspace sending domain on manual DNS at Namecheap (the local world plays its registrar), with
 * `mailboxes` and, optionally, Smartlead campaigns every mailbox joins.
 */
export function sendingDomain(name: string, options: SendingDomainOptions = {}): SendingDomain {
  const declared = options.mailboxes ?? 2;
  return {
    name,
    dns: { host: "manual", registrar: "namecheap" },
    ...(options.campaignIds ? { smartlead: { campaignIds: options.campaignIds } } : {}),
    mailboxes: typeof declared === "number" ? mailboxes(declared) : declared,
  };
}

/** `count` sending domains, the i-th (from 0) named `name(i)`, all alike: what an agency declares. */
export function sendingDomains(
  count: number,
  name: (i: number) => string,
  options: SendingDomainOptions = {},
): SendingDomain[] {
  return Array.from({ length: count }, (_, i) => sendingDomain(name(i), options));
}

/** Every mailbox address of `domains`, in order: `ana@a.test`, `ben@a.test`, `ana@b.test`, … */
export function mailboxAddresses(domains: SendingDomain[]): string[] {
  return domains.flatMap((d) => d.mailboxes.map((m) => `${m.username}@${d.name}`));
}

/** The `mailinfra:domains` stack setting for these domains. */
export function fleet(...domains: DomainEntry[]): ConfigMap {
  return { "mailinfra:domains": { value: JSON.stringify(domains) } };
}
