import { type WaitingMailbox, waitingLine } from "../../components/campaign-policy/campaign-policy";
import type { SmartleadEmulator } from "../../emulators/smartlead";

/** Every Smartlead campaign id the stack file names (defaults, domains, mailboxes), ascending, once each. */
export function declaredCampaignIds(config: unknown): number[] {
  const ids = new Set<number>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
    } else if (value !== null && typeof value === "object") {
      for (const [key, inner] of Object.entries(value)) {
        if (key === "campaignIds" && Array.isArray(inner)) {
          for (const id of inner) if (typeof id === "number") ids.add(id);
        } else {
          visit(inner);
        }
      }
    }
  };
  visit(config);
  return [...ids].sort((a, b) => a - b);
}

/**
 * Creates the campaigns the stack file refers to, as someone would in Smartlead before connecting mailboxes.
 * Smartlead (and its emulator) assigns ids itself, so they are created in ascending order and each assigned id
 * must be the declared one; the stack file names ids from the emulator's first (501).
 * Drafted, as a new campaign is: Smartlead refuses to remove the last account of an active campaign, and the
 * demo's destroy disconnects every account.
 */
export function createDeclaredCampaigns(smartlead: SmartleadEmulator, ids: number[]): void {
  for (const wanted of ids) {
    const campaign = smartlead.state.addCampaign({ name: `Demo campaign ${wanted}`, status: "DRAFTED" });
    if (campaign.id !== wanted) {
      throw new Error(
        `the Smartlead emulator numbered a new campaign ${campaign.id}, but stacks/Pulumi.local.yaml expects ${wanted}: ` +
          `campaign ids there must run from 501 without gaps (${ids.join(", ")} declared)`,
      );
    }
  }
}

/**
 * What the demo says about campaigns once `up` has connected the mailboxes: the mailboxes in each campaign, as
 * Smartlead has them, then each mailbox the campaign policy keeps waiting (the stack output `waitingMailboxes`),
 * on the line `up` printed for it.
 */
export function campaignLines(smartlead: SmartleadEmulator, addresses: string[], waiting: unknown): string[] {
  const members = new Map<number, string[]>();
  for (const address of addresses) {
    const account = smartlead.state.findByEmail(address);
    for (const id of account ? smartlead.state.campaignIdsOf(account.id) : []) {
      members.set(id, [...(members.get(id) ?? []), address]);
    }
  }
  const waitingMailboxes = (Array.isArray(waiting) ? waiting : []) as WaitingMailbox[];
  return [
    ...[...members.entries()]
      .sort(([a], [b]) => a - b)
      .map(([id, list]) => `campaign ${id}: ${list.join(", ")}`),
    ...waitingMailboxes.map((w) => `waiting — ${waitingLine(w)}`),
  ];
}
