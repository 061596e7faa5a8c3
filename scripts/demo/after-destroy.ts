import type { LocalWorld } from "../../emulators/local-world";
import type { DomainsOutput } from "./domains-output";

/** What `destroy` left in the world, per system, and what contradicts the declared removal behaviour. */
export interface Remains {
  lines: string[];
  problems: string[];
}

/**
 * Reads the emulators after `destroy` with the default removal settings: mailboxes are suspended, not deleted
 * (`onDelete: suspend`, their mail is kept); Smartlead accounts are disconnected (out of every campaign, warmup
 * off) and keep their history; domains stay in Workspace; manual-DNS records stay at the registrar.
 */
export function remainsAfterDestroy(world: LocalWorld, domains: DomainsOutput): Remains {
  const lines: string[] = [];
  const problems: string[] = [];
  for (const [domain, summary] of Object.entries(domains).sort(([a], [b]) => a.localeCompare(b))) {
    const inWorkspace = world.google.state.getDomain(domain) !== undefined;
    const records = world.dns.zones
      .current()
      .filter(
        (r) => (r.name === domain || r.name.endsWith(`.${domain}`)) && r.type !== "SOA" && r.type !== "NS",
      );
    lines.push(
      `${domain}: ${inWorkspace ? "kept in Workspace" : "REMOVED from Workspace"}; ${records.length} DNS records still at the registrar (manual DNS: delete them there)`,
    );
    if (!inWorkspace)
      problems.push(`Workspace domain ${domain} was removed; domains are retained by default`);
    for (const mailbox of summary.mailboxes) {
      const user = world.google.state.getUser(mailbox.email);
      const account = world.smartlead.state.findByEmail(mailbox.email);
      const campaigns = account ? world.smartlead.state.campaignIdsOf(account.id) : [];
      if (!user) problems.push(`Workspace user ${mailbox.email} was deleted; onDelete: suspend keeps it`);
      else if (!user.suspended) problems.push(`Workspace user ${mailbox.email} is not suspended`);
      if (!account)
        problems.push(`Smartlead account of ${mailbox.email} is gone; onDelete: disconnect keeps it`);
      else if (campaigns.length > 0 || account.warmup.status !== "INACTIVE") {
        problems.push(
          `Smartlead account ${account.id} (${mailbox.email}) is still connected: campaigns [${campaigns.join(", ")}], warmup ${account.warmup.status}`,
        );
      }
      const userState = user ? (user.suspended ? "user suspended" : "user ACTIVE") : "user DELETED";
      const accountState = account
        ? `Smartlead account ${account.id} kept, in ${campaigns.length} campaigns, warmup ${account.warmup.status === "ACTIVE" ? "on" : "off"}`
        : "Smartlead account DELETED";
      lines.push(`  ${mailbox.email}: ${userState}; ${accountState}`);
    }
  }
  return { lines, problems };
}
