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
