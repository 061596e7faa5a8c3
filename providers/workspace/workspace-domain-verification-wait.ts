/**
 * How WorkspaceDomainVerification waits for Google to see the TXT token, and what it tells a person meanwhile.
 *
 * Google's Site Verification checks DNS itself when asked (webResource.insert:
 * https://developers.google.com/site-verification/v1/webResource/insert), from its own resolvers, which can lag
 * behind the public resolvers the readiness gate asked: Google's help says DNS changes usually reach its systems
 * within 48 hours and can take 72 (https://support.google.com/a/answer/7514107). Usually it is seconds to
 * minutes, so mailinfra asks again soon, then less and less often, up to `pollSeconds` apart, for `waitSeconds`.
 */

/** The pause after Google's first "not found"; each later pause doubles, up to the resource's `pollSeconds`. */
export const FIRST_VERIFICATION_PAUSE_MS = 1_000;

/** The pause after the `attempt`-th ask (1-based) that Google answered "not found". */
export function verificationPauseMs(attempt: number, maxPauseMs: number): number {
  return Math.min(maxPauseMs, FIRST_VERIFICATION_PAUSE_MS * 2 ** Math.max(0, attempt - 1));
}

const seconds = (ms: number) =>
  ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${Number((ms / 1000).toFixed(2))} s`;

/** The progress line after a "not found": what is happening, that mailinfra retries, and for how long still. */
export function notSeenYetLine(
  domain: string,
  attempt: number,
  pauseMs: number,
  waitSeconds: number,
): string {
  return (
    `WorkspaceDomainVerification ${domain}: Google has not seen the TXT record yet, retrying in ${seconds(pauseMs)} ` +
    `(ask ${attempt}; Google's own DNS can lag behind the resolvers the readiness gate asked; mailinfra keeps ` +
    `asking for ${waitSeconds} s in all).`
  );
}

/** Why the domain is still unverified after the budget, what to check, and what the next `up` does. */
export function stillUnverifiedMessage(domain: string, token: string, waitSeconds: number): string {
  return (
    `${domain} is still unverified: Google has not seen the TXT record "${token}" after ${waitSeconds} s of asking, ` +
    `though the readiness gate's resolvers serve it. Google checks DNS itself and can lag behind public resolvers ` +
    `(DNS changes can take up to 72 hours to reach Google: https://support.google.com/a/answer/7514107). Check that ` +
    `\`dig +short TXT ${domain} @8.8.8.8\` prints exactly that value (at the domain itself, not a subdomain), ` +
    `then run \`pulumi up\` again: it asks Google again. Its mailboxes are created once Google has verified it.`
  );
}

/** Site Verification accepted the token but Workspace has not marked its domain verified yet. */
export function workspaceStillUnverifiedMessage(domain: string, waitSeconds: number): string {
  return (
    `${domain} is still unverified in Workspace: Google accepted the TXT record, but Workspace still lists the ` +
    `domain as unverified after ${waitSeconds} s (Admin console → Account → Domains). Workspace usually follows ` +
    `within minutes; run \`pulumi up\` again later: it checks again. Its mailboxes are created once Workspace ` +
    `has verified it.`
  );
}
