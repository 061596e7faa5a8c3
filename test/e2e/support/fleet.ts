import type { ConfigMap } from "@pulumi/pulumi/automation";
import type { z } from "zod";
import type { domainInputSchema, mailboxInputSchema } from "../../../components/config/schema";

/** One entry of `mailinfra:domains`, as a person writes it in stack YAML. */
export type DomainEntry = z.input<typeof domainInputSchema>;
export type MailboxEntry = z.input<typeof mailboxInputSchema>;

const people = [
  ["ana", "Ana", "Lopez"],
  ["ben", "Ben", "Okafor"],
  ["cleo", "Cleo", "Martin"],
  ["dev", "Dev", "Sharma"],
] as const;

/** The first `count` people of a small cast, as mailboxes. */
export function mailboxes(count: number): MailboxEntry[] {
  return people.slice(0, count).map(([username, firstName, lastName]) => ({ username, firstName, lastName }));
}

/**
 * A Google Workspace sending domain on manual DNS (the local world plays its registrar), with `mailboxes`
 * and, optionally, Smartlead campaigns every mailbox joins.
 */
export function sendingDomain(
  name: string,
  options: { mailboxes?: number | MailboxEntry[]; campaignIds?: number[] } = {},
): DomainEntry {
  const declared = options.mailboxes ?? 2;
  return {
    name,
    dns: { host: "manual", registrar: "namecheap" },
    ...(options.campaignIds ? { smartlead: { campaignIds: options.campaignIds } } : {}),
    mailboxes: typeof declared === "number" ? mailboxes(declared) : declared,
  };
}

/** The `mailinfra:domains` stack setting for these domains. */
export function fleet(...domains: DomainEntry[]): ConfigMap {
  return { "mailinfra:domains": { value: JSON.stringify(domains) } };
}
