import type { z } from "zod";
import type { domainInputSchema } from "../components/config/schema";

/** One entry of `mailinfra:domains`, as a person writes it in stack YAML. */
export type DomainEntry = z.input<typeof domainInputSchema>;

export const mailboxesPerDomain = 3;

const people = [
  ["ana", "Ana", "Lopez"],
  ["ben", "Ben", "Okafor"],
  ["cleo", "Cleo", "Martin"],
  ["dara", "Dara", "Singh"],
  ["eli", "Eli", "Novak"],
] as const;

export function domainName(i: number): string {
  return `send${String(i + 1).padStart(3, "0")}.bench.test`;
}

/**
 * `count` Google Workspace sending domains on manual DNS, `mailboxes` mailboxes each (3 unless said, at most
 * 5: the usual number per domain), every mailbox in the Smartlead campaign `campaignId`: what an agency declares.
 */
export function benchFleet(count: number, campaignId: number, mailboxes = mailboxesPerDomain): DomainEntry[] {
  if (mailboxes > people.length)
    throw new Error(`the bench fleet has at most ${people.length} mailboxes a domain`);
  return Array.from({ length: count }, (_, i) => ({
    name: domainName(i),
    dns: { host: "manual" as const, registrar: "namecheap" as const },
    smartlead: { campaignIds: [campaignId] },
    mailboxes: people
      .slice(0, mailboxes)
      .map(([username, firstName, lastName]) => ({ username, firstName, lastName })),
  }));
}
