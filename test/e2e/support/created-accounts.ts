import type { LocalWorld } from "../../../emulators/local-world";

/** Every Workspace user ever created per address (deleted ones too): a duplicate shows as a count above 1. */
export function googleUsersByAddress(world: LocalWorld): Map<string, string[]> {
  const byAddress = new Map<string, string[]>();
  for (const user of world.google.state.users.values()) {
    byAddress.set(user.primaryEmail, [...(byAddress.get(user.primaryEmail) ?? []), user.id]);
  }
  return byAddress;
}

/** Every Smartlead account ever connected per from_email (deleted ones too). */
export function smartleadAccountsByAddress(world: LocalWorld): Map<string, number[]> {
  const byAddress = new Map<string, number[]>();
  for (const account of world.smartlead.state.accounts.values()) {
    byAddress.set(account.fromEmail, [...(byAddress.get(account.fromEmail) ?? []), account.id]);
  }
  return byAddress;
}
