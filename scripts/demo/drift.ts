import type { LocalWorld } from "../../emulators/local-world";
import type { DomainsOutput } from "./domains-output";

/** A change made by hand outside Pulumi, in one of the systems mailinfra manages. */
export interface Drift {
  /** Who changed what, in words. */
  description: string;
  /** The resource `refresh` must find changed (its name in the stack). */
  resource: string;
  /** What the system shows once `up` has put it back. */
  restored: string;
  /** The mailbox that must sign in again before `up` can repair this, if any. */
  reauthorize?: string;
  /** What the system shows now, when it is not what the stack declares; undefined once it is restored. */
  stillDrifted(): string | undefined;
}

/**
 * Makes four changes by hand on different domains and mailboxes: a Workspace admin suspends a mailbox, a
 * Smartlead user switches a mailbox's warmup off, someone deletes a domain's DMARC record at the registrar, and
 * a mailbox's person revokes its authorization.
 */
export function driftByHand(world: LocalWorld, domains: DomainsOutput): Drift[] {
  const names = Object.keys(domains).sort();
  if (names.length < 3)
    throw new Error(`the demo needs three domains in stacks/Pulumi.local.yaml, found ${names.length}`);
  return [
    suspendMailbox(world, domains, names[0]),
    warmupOff(world, domains, names[2]),
    deleteDmarc(world, domains, names[1]),
    revokeAuthorization(world, domains, names[1]),
  ];
}

/** The mailbox whose authorization `revokeAuthorization` takes back: the repair must authorize it again. */
export function revokedMailbox(drifts: Drift[]): string | undefined {
  return drifts.find((d) => d.reauthorize)?.reauthorize;
}

/**
 * The mailbox's person removes mailinfra's access in their Google account (Security › Third-party connections):
 * Google revokes the refresh token, and Smartlead, which refreshes with it, loses the connection (SMTP and IMAP
 * fail). The emulator's Smartlead is told so at once; the real one notices on its next token refresh.
 */
function revokeAuthorization(world: LocalWorld, domains: DomainsOutput, domain: string): Drift {
  const email = domains[domain].mailboxes[0].email;
  world.google.oauth.revokeUserTokens(email);
  const account = world.smartlead.state.markConnectionBroken(email);
  return {
    description: `Google account of ${email}: removed mailinfra's access (the token Smartlead refreshes with is revoked)`,
    resource: `${email}-smartlead`,
    restored: `Smartlead: ${email} is connected again (SMTP and IMAP), with the new authorization`,
    reauthorize: email,
    stillDrifted: () => {
      const now = world.smartlead.state.accounts.get(account.id);
      if (!now || now.deleted) return `Smartlead account ${account.id} no longer exists`;
      return now.isSmtpSuccess && now.isImapSuccess
        ? undefined
        : `${email} is still disconnected in Smartlead`;
    },
  };
}

function suspendMailbox(world: LocalWorld, domains: DomainsOutput, domain: string): Drift {
  const email = domains[domain].mailboxes[0].email;
  world.google.state.suspendUser(email);
  return {
    description: `Google Admin console: suspended the user ${email}`,
    resource: `${email}-user`,
    restored: `Google: ${email} is active again`,
    stillDrifted: () => {
      const user = world.google.state.getUser(email);
      if (!user) return `${email} no longer exists in Workspace`;
      return user.suspended ? `${email} is still suspended` : undefined;
    },
  };
}

function warmupOff(world: LocalWorld, domains: DomainsOutput, domain: string): Drift {
  const mailbox = domains[domain].mailboxes.at(-1);
  const id = mailbox?.smartleadAccountId;
  const declared = mailbox?.warmup;
  if (!mailbox || id === undefined || !declared) {
    throw new Error(
      `${domain}'s last mailbox is not connected to Smartlead; the demo's warmup drift needs one`,
    );
  }
  world.smartlead.state.ui.setWarmup(id, { enabled: false });
  return {
    description: `Smartlead web app: switched warmup off for ${mailbox.email} (account ${id})`,
    resource: `${mailbox.email}-smartlead`,
    restored: `Smartlead: account ${id} warms up again, ${declared.perDay}/day at ${declared.replyRate}% replies`,
    stillDrifted: () => {
      const account = world.smartlead.state.accounts.get(id);
      if (!account || account.deleted) return `Smartlead account ${id} no longer exists`;
      const w = account.warmup;
      if (w.status !== "ACTIVE") return `warmup of account ${id} is ${w.status}`;
      if (w.perDay !== declared.perDay || w.replyRate !== declared.replyRate) {
        return `warmup of account ${id} is ${w.perDay}/day at ${w.replyRate}% replies, declared ${declared.perDay}/day at ${declared.replyRate}%`;
      }
      return undefined;
    },
  };
}

function deleteDmarc(world: LocalWorld, domains: DomainsOutput, domain: string): Drift {
  const dmarc = domains[domain].records.find((r) => r.purpose === "dmarc");
  if (!dmarc) throw new Error(`${domain} publishes no DMARC record; the demo's DNS drift needs one`);
  world.dns.zones.remove(dmarc.name, "TXT");
  return {
    description: `registrar: deleted the DMARC record TXT ${dmarc.name}`,
    resource: `${domain}-readiness`,
    restored: `DNS: TXT ${dmarc.name} is served again (the registrar re-created it while up waited)`,
    stillDrifted: () => {
      const served = world.dns.zones
        .current()
        .some((r) => r.type === "TXT" && r.name === dmarc.name && r.strings.join("") === dmarc.content);
      return served ? undefined : `TXT ${dmarc.name} is not in the zone`;
    },
  };
}
