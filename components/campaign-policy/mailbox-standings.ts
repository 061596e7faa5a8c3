import type { MailboxSignals } from "../../health/signals";
import type { MailboxStanding } from "./campaign-policy";

/**
 * What a sending platform tells the campaign policy about the stack's mailboxes at the start of a run, read only
 * (`SendingPlatform.campaignStandings`): for each mailbox it connects that declares campaigns, the campaigns its
 * account is in and when its warmup started; and, for the domains the policy checks, its signals for the health
 * score (connection state, warmup status).
 */
export interface MailboxStandings {
  /** Address (lower case) → standing. A mailbox missing here has no campaigns to wait for. */
  mailboxes: Map<string, MailboxStanding>;
  /** The platform's signals of these mailboxes, in order; what it could not read is `unknown`. Never throws. */
  signals(addresses: string[]): Promise<MailboxSignals[]>;
  /**
   * Why the platform could not say which campaigns the accounts are in, when it could not (its account list
   * failed): the run then checks no domain and no mailbox joins a campaign it is not in, said once for the stack.
   */
  unreadable?: string;
}
