import { clientSettings } from "./client-settings";
import { type DirectoryUser, getUser } from "./directory-users";
import { creationNotComplete, noGmailMailbox } from "./mailbox-blockers";
import { reportMailboxProgress } from "./mailbox-progress";
import { retryDelayMs } from "./retry-policy";
import type { WorkspaceClient } from "./workspace-client";

/**
 * Waits until a mailbox just created (or taken over) is usable: users.get finds it and says `isMailboxSetup`.
 * Right after users.insert Google may still answer 404 or "User creation is not complete" (users.insert
 * reference, https://developers.google.com/workspace/admin/directory/reference/rest/v1/users/insert), and
 * `isMailboxSetup` is true only once a user holding a Gmail licence has its mailbox (users resource, same
 * reference). Polls with the retry policy's full-jitter backoff for at most `mailboxSetupWaitMs`, printing one
 * line when it starts waiting; then fails saying what blocks the mailbox.
 */
export async function waitForMailboxSetup(
  client: WorkspaceClient,
  userKey: string,
  email: string,
  report: (line: string) => void = reportMailboxProgress,
): Promise<DirectoryUser> {
  const { mailboxSetupWaitMs, mailboxSetupPoll } = clientSettings();
  const startedAt = Date.now();
  const waited = () => Math.round((Date.now() - startedAt) / 1000);
  let seen: DirectoryUser | undefined;
  for (let attempt = 1; ; attempt++) {
    seen = (await getUser(client, userKey)) ?? seen;
    const current = seen;
    if (current?.isMailboxSetup === true) return current;
    if (attempt === 1) {
      const why = current ? "its Gmail mailbox is not set up yet" : "Google is still creating the user";
      report(
        `WorkspaceUser ${email}: waiting for Google Workspace (${why}; up to ${Math.round(mailboxSetupWaitMs / 1000)} s)`,
      );
    }
    // At least half the base delay: full jitter alone may draw zero.
    const pause = Math.max(mailboxSetupPoll.baseDelayMs / 2, retryDelayMs(attempt, null, mailboxSetupPoll));
    if (Date.now() - startedAt + pause > mailboxSetupWaitMs) {
      throw current ? noGmailMailbox(email, waited()) : creationNotComplete(email, waited());
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
