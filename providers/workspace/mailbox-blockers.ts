/**
 * What keeps a Workspace mailbox from being used, each said with its fix. Pure: messages only.
 */

/**
 * users.insert answered 409 but no user of this Workspace account has the address. The users.insert reference
 * (https://developers.google.com/workspace/admin/directory/reference/rest/v1/users/insert) ties "409 ... a
 * conflicting account exists so the user wasn't created" to `resolveConflictAccount=true`, which mailinfra does
 * not send; without it Google's pages describe the user being created and the personal account asked to rename
 * (https://support.google.com/cloudidentity/answer/7044710). So the cause is not certain: a user this stack created
 * moments ago and Google has not finished (users.get answers 404 meanwhile), a group or alias with the address,
 * or a conflicting personal account under the organisation's unmanaged-accounts setting. The message says so.
 */
export function conflictingAccount(email: string): Error {
  return new Error(
    `Mailbox ${email} was not created: Google answered 409 "Entity already exists." to users.insert, but no user of this ` +
      `Workspace account has the address. Check, in this order: (1) a user created for it moments ago may still be ` +
      `being set up by Google (some changes take up to 24 hours, https://support.google.com/a/answer/7514107): run ` +
      `\`pulumi up\` again in a few minutes, it recognises the mailbox as its own; (2) a group or another user's alias ` +
      `uses the address (Admin console → Directory → Groups, and search the address); (3) a personal (unmanaged) ` +
      `Google Account uses it, a conflicting account (https://support.google.com/cloudidentity/answer/7044710): its ` +
      `owner transfers it to your organisation (Transfer tool for unmanaged users, https://support.google.com/a/answer/6178645) ` +
      `or renames it. Choose another username only if none of these clears.`,
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
