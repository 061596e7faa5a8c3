import type { z } from "zod";
import type { domainInputSchema } from "../components/config/schema";

/** One entry of `mailinfra:domains`, as a person writes it in stack YAML. */
export type DomainEntry = z.input<typeof domainInputSchema>;

export const mailboxesPerDomain = 3;

const people = [
  ["ana", "Ana", "Lopez"],
  ["ben", "Ben", "Okafor"],
  ["cleo", "Cleo", "Martin"],
] as const;

export function domainName(i: number): string {
  return `send${String(i + 1).padStart(3, "0")}.bench.test`;
}

/**
 * `count` Google Workspace sending domains on manual DNS, three mailboxes each, every mailbox in the
 * Smartlead campaign `campaignId`: what an agency declares.
 */
export function benchFleet(count: number, campaignId: number): DomainEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    name: domainName(i),
    dns: { host: "manual" as const, registrar: "namecheap" as const },
    smartlead: { campaignIds: [campaignId] },
    mailboxes: people.map(([username, firstName, lastName]) => ({ username, firstName, lastName })),
  }));
}
