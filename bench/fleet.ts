import { type SendingDomain, sendingDomains } from "../test/support/fleet";

export const mailboxesPerDomain = 3;

export function domainName(i: number): string {
  return `send${String(i + 1).padStart(3, "0")}.bench.test`;
}

/**
 * `count` Google Workspace sending domains on manual DNS, `mailboxes` mailboxes each (3 unless said, at most
 * 5: the usual number per domain), every mailbox in the Smartlead campaign `campaignId`: what an agency declares.
 */
export function benchFleet(
  count: number,
  campaignId: number,
  mailboxes = mailboxesPerDomain,
): SendingDomain[] {
  return sendingDomains(count, domainName, { mailboxes, campaignIds: [campaignId] });
}
