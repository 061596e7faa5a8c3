import type { ConfigMap } from "@pulumi/pulumi/automation";
import type { LocalWorld } from "../../../emulators/local-world";

/** A small fleet on manual DNS: `domains` sending domains with `mailboxesPerDomain` mailboxes each. */
export function fleetDomains(
  prefix: string,
  domains: number,
  mailboxesPerDomain: number,
  campaignIds: number[],
) {
  const people = [
    ["ana", "Ana", "Lima"],
    ["ben", "Ben", "Okafor"],
    ["cleo", "Cleo", "Marsh"],
  ] as const;
  return Array.from({ length: domains }, (_, d) => ({
    name: `${prefix}-${d + 1}.test`,
    dns: { host: "manual", registrar: "namecheap" },
    smartlead: { campaignIds },
    mailboxes: people
      .slice(0, mailboxesPerDomain)
      .map(([username, firstName, lastName]) => ({ username, firstName, lastName })),
  }));
}

export function fleetAddresses(domains: ReturnType<typeof fleetDomains>): string[] {
  return domains.flatMap((d) => d.mailboxes.map((m) => `${m.username}@${d.name}`));
}

export function fleetConfig(world: LocalWorld, domains: ReturnType<typeof fleetDomains>): ConfigMap {
  return { ...world.stackConfig(), "mailinfra:domains": { value: JSON.stringify(domains) } };
}

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

interface StateResource {
  type: string;
  id?: string;
  outputs?: Record<string, unknown>;
}

/** The dynamic resources of one type in an exported deployment, e.g. `WorkspaceUser`. */
export function resourcesOfType(deployment: { resources?: StateResource[] }, type: string): StateResource[] {
  return (deployment.resources ?? []).filter((r) => r.type === `pulumi-nodejs:dynamic/mailinfra:${type}`);
}
