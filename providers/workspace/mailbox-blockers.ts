/**
 * What keeps a Workspace mailbox from being used, each said with its fix. Pure: messages only.
 */

/**
 * users.insert answered 409 but no user of this Workspace account has the address: a personal (unmanaged)
 * Google Account holds it, a "conflicting account" (https://support.google.com/cloudidentity/answer/7044710;
 * users.insert reference: "A 409 response code means that a conflicting account exists so the user wasn't
 * created", https://developers.google.com/workspace/admin/directory/reference/rest/v1/users/insert).
 */
export function conflictingAccount(email: string): Error {
  return new Error(
    `Mailbox ${email} was not created: a personal (unmanaged) Google Account already uses this address, so Google Workspace refuses it ` +
      `(users.insert answered 409 "Entity already exists." while no user of this Workspace account has it). This is a conflicting account ` +
      `(https://support.google.com/cloudidentity/answer/7044710). Fix: the person who owns that account transfers it to your organisation ` +
      `(Admin console → Account → Account settings → Conflicting accounts management, or the Transfer tool for unmanaged users, ` +
      `https://support.google.com/a/answer/6178645) or renames it to another address; or choose another username for this mailbox. ` +
      `Then run \`pulumi up\` again.`,
  );
}

/**
 * The user exists but `isMailboxSetup` stayed false: "This property is only applicable if the user has been
 * assigned a Gmail license" (users resource,
 * https://developers.google.com/workspace/admin/directory/reference/rest/v1/users). With automatic licensing,
 * users added when no licence is left get none (https://support.google.com/a/answer/1727173).
 */
export function noGmailMailbox(email: string, waitedSeconds: number): Error {
  return new Error(
    `Mailbox ${email} exists in Google Workspace but has no Gmail mailbox after ${waitedSeconds} s (isMailboxSetup is false): ` +
      `the user most likely has no Google Workspace licence that includes Gmail (automatic licensing is off, or no licences were left). ` +
      `Assign one in the Admin console → Directory → Users → ${email} → Licenses (buy more in Billing → Subscriptions if none is free), ` +
      `then run \`pulumi up\` again. If it does hold a licence, Google is still setting the mailbox up: some changes take up to 24 hours ` +
      `(https://support.google.com/a/answer/7514107); run \`pulumi up\` again later.`,
  );
}

/** Google kept answering as if the user were still being created (users.get 404 / "User creation is not complete"). */
export function creationNotComplete(email: string, waitedSeconds: number): Error {
  return new Error(
    `Mailbox ${email} was created, but Google still had not finished creating it after ${waitedSeconds} s ` +
      `("User creation is not complete"; some changes take up to 24 hours, https://support.google.com/a/answer/7514107). ` +
      `Run \`pulumi up\` again later: this stack recognises the mailbox as its own and carries on.`,
  );
}
