import type * as pulumi from "@pulumi/pulumi";
import { changed, checkInputs, parseChecked } from "../provider-inputs";
import {
  type DirectoryUser,
  deleteUser,
  getUser,
  insertUser,
  patchUser,
  type UserPatch,
} from "./directory-users";
import { WorkspaceApiError } from "./google-errors";
import { connectionChanged } from "./input-change";
import { conflictingAccount } from "./mailbox-blockers";
import { type MailEndpoint, mailboxConnection } from "./mailbox-connection";
import { generateMailboxPassword, googlePassword } from "./mailbox-password";
import { waitForMailboxSetup } from "./mailbox-setup";
import { domainUsersById, forgetDomainUsers } from "./refresh-listing";
import { isMarkedBy, stackMarker } from "./stack-marker";
import { type WorkspaceClient, workspaceClient } from "./workspace-client";
import { withServiceAccountKeyCheck } from "./workspace-connection";
import { type WorkspaceUserInputs, workspaceUserInputsSchema } from "./workspace-user-inputs";

/**
 * WorkspaceUser: one Google Workspace mailbox. The resource id is Google's immutable user id, so a
 * mailbox renamed by hand is still found. See workspace-user.ts for the user-facing contract.
 */

export interface WorkspaceUserOutputs extends WorkspaceUserInputs {
  /** Google's immutable user id (also the resource id). */
  userId: string;
  /** The live primary address. */
  email: string;
  suspended: boolean;
  /** True when the mailbox existed before and was taken over (`adopt: true`). */
  adopted: boolean;
  /** Secret. */
  password: string;
  smtp: MailEndpoint;
  imap: MailEndpoint;
}

const domainOf = (email: string) => email.split("@")[1]?.toLowerCase() ?? "";

function parseInputs(props: unknown): WorkspaceUserInputs {
  return parseChecked(workspaceUserInputsSchema, props, "WorkspaceUser");
}

function outputsFrom(
  inputs: WorkspaceUserInputs,
  live: {
    id: string;
    email: string;
    firstName: string;
    lastName: string;
    orgUnit: string;
    suspended: boolean;
  },
  password: string,
  adopted: boolean,
): WorkspaceUserOutputs {
  return {
    ...inputs,
    userId: live.id,
    email: live.email,
    firstName: live.firstName,
    lastName: live.lastName,
    orgUnit: live.orgUnit,
    suspended: live.suspended,
    adopted,
    password,
    ...mailboxConnection(live.email, inputs),
  };
}

function liveState(user: DirectoryUser) {
  return {
    id: user.id!,
    email: user.primaryEmail!.toLowerCase(),
    firstName: user.name?.givenName ?? "",
    lastName: user.name?.familyName ?? "",
    orgUnit: user.orgUnitPath ?? "/",
    suspended: user.suspended === true,
  };
}

/**
 * After a 409 on an insert that googleapis had to retry, our first attempt may have gone through and
 * only its answer was lost. The user is ours when it was created after we started and carries what we
 * sent; the password is then the one we generated, since it came in that same request.
 */
function createdByThisAttempt(user: DirectoryUser, inputs: WorkspaceUserInputs, startedAt: number): boolean {
  const created = Date.parse(user.creationTime ?? "");
  return (
    Number.isFinite(created) &&
    created >= startedAt - 120_000 &&
    user.name?.givenName === inputs.firstName &&
    user.name?.familyName === inputs.lastName &&
    (user.orgUnitPath ?? "/") === inputs.orgUnit
  );
}

function adoptionRefused(email: string): Error {
  return new Error(
    `Mailbox ${email} already exists in Google Workspace and this stack did not create it. ` +
      `To take it over, set \`adopt: true\` on this mailbox (mailboxes[].adopt in the stack config); its password will be reset to a new generated one, which this stack then hands to SMTP/IMAP clients. ` +
      `If the mailbox was removed from the stack earlier it was only suspended: adopting it brings it back with its mail. Otherwise choose another username.`,
  );
}

/**
 * Resets the password of an existing mailbox to the one just generated (Google never reveals the current
 * one, and the SMTP/IMAP credentials this resource outputs must work) and brings names, org unit and
 * suspension to what is declared.
 */
async function takeOver(
  client: WorkspaceClient,
  existing: DirectoryUser,
  inputs: WorkspaceUserInputs,
  wirePassword: ReturnType<typeof googlePassword>,
  action: string,
): Promise<DirectoryUser> {
  return patchUser(
    client,
    existing.id!,
    {
      password: wirePassword.hash,
      hashFunction: wirePassword.hashFunction,
      changePasswordAtNextLogin: false,
      name: { givenName: inputs.firstName, familyName: inputs.lastName },
      orgUnitPath: inputs.orgUnit,
      suspended: false,
    },
    action,
  );
}

async function create(
  raw: Record<string, unknown>,
): Promise<pulumi.dynamic.CreateResult<WorkspaceUserOutputs>> {
  const inputs = parseInputs(raw);
  const client = workspaceClient(inputs);
  const password = generateMailboxPassword();
  const wirePassword = googlePassword(password);
  const startedAt = Date.now();
  try {
    const outcome = await insertUser(client, {
      primaryEmail: inputs.primaryEmail,
      givenName: inputs.firstName,
      familyName: inputs.lastName,
      orgUnitPath: inputs.orgUnit,
      password: wirePassword,
      ...(inputs.managedBy ? { externalIds: [stackMarker(inputs.managedBy)] } : {}),
    });
    // Usable means found with a Gmail mailbox (mailbox-setup.ts): a new user is not, for a while.
    const usable = (user: DirectoryUser) => waitForMailboxSetup(client, user.id!, inputs.primaryEmail);
    if (outcome.kind === "created") {
      const ready = await usable(outcome.user);
      return { id: ready.id!, outs: outputsFrom(inputs, liveState(ready), password, false) };
    }
    let existing = await getUser(client, inputs.primaryEmail);
    if (!existing) {
      // A first answer of 409 with nobody in the directory: a personal Google Account holds the address. After a
      // retried insert it may be our own first attempt, which Google is still creating (404 until it is).
      if (!outcome.afterRetry) throw conflictingAccount(inputs.primaryEmail);
      existing = await waitForMailboxSetup(client, inputs.primaryEmail, inputs.primaryEmail);
    }
    if (existing.primaryEmail?.toLowerCase() !== inputs.primaryEmail) {
      throw new Error(
        `${inputs.primaryEmail} is already an alias of mailbox ${existing.primaryEmail} in Google Workspace, so it cannot be a mailbox of its own. Remove the alias in the Admin console or choose another username.`,
      );
    }
    if (outcome.afterRetry && createdByThisAttempt(existing, inputs, startedAt)) {
      const ready = await usable(existing);
      return { id: ready.id!, outs: outputsFrom(inputs, liveState(ready), password, false) };
    }
    if (existing.suspended !== true && isMarkedBy(existing, inputs.managedBy)) {
      // This stack created it in an `up` that ended before the state recorded it (engine killed,
      // connection lost): ours, but its password went with that run, so it gets the new one.
      const reclaimed = await takeOver(
        client,
        existing,
        inputs,
        wirePassword,
        `take back mailbox ${inputs.primaryEmail}`,
      );
      const ready = await usable(reclaimed);
      return { id: ready.id!, outs: outputsFrom(inputs, liveState(ready), password, false) };
    }
    if (!inputs.adopt) throw adoptionRefused(inputs.primaryEmail);
    const adopted = await takeOver(
      client,
      existing,
      inputs,
      wirePassword,
      `adopt mailbox ${inputs.primaryEmail}`,
    );
    const ready = await usable(adopted);
    return { id: ready.id!, outs: outputsFrom(inputs, liveState(ready), password, true) };
  } finally {
    forgetDomainUsers(client, domainOf(inputs.primaryEmail));
  }
}

function connectionOf(outs: WorkspaceUserOutputs) {
  return {
    customerId: outs.customerId,
    adminEmail: outs.adminEmail,
    rootUrl: outs.rootUrl,
    // Resources created before keys were held once: their refresh and destroy may find no key in the process.
    serviceAccountKey: (outs as { serviceAccountKey?: string }).serviceAccountKey,
  };
}

/** Live state from the shared domain listing; a GET by id only for mailboxes not listed there. */
async function findLive(
  client: WorkspaceClient,
  id: string,
  email: string,
): Promise<DirectoryUser | undefined> {
  let listing: Map<string, DirectoryUser>;
  try {
    listing = await domainUsersById(client, domainOf(email));
  } catch (error) {
    // The domain itself was removed from the account by hand: look the mailbox up on its own.
    if (!(error instanceof WorkspaceApiError && error.kind === "domainNotFound")) throw error;
    listing = new Map();
  }
  const listed = listing.get(id);
  if (listed) return listed;
  // Renamed into another domain, or deleted (404 → gone).
  return getUser(client, id);
}

async function read(
  id: string,
  props: Record<string, unknown>,
): Promise<pulumi.dynamic.ReadResult<WorkspaceUserOutputs | Record<string, never>>> {
  const outs = props as unknown as WorkspaceUserOutputs;
  const client = workspaceClient(connectionOf(outs));
  const user = await findLive(client, id, outs.email);
  if (!user) return { id: "", props: {} };
  const live = liveState(user);
  return {
    id,
    props: {
      ...outs,
      userId: live.id,
      email: live.email,
      firstName: live.firstName,
      lastName: live.lastName,
      orgUnit: live.orgUnit,
      suspended: live.suspended,
      ...mailboxConnection(live.email, outs),
    },
  };
}

const settingKeys = ["onDelete", "adopt", "smtpHost", "smtpPort", "imapHost", "imapPort"] as const;

async function diff(
  _id: string,
  olds: WorkspaceUserOutputs,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.DiffResult> {
  const lower = (value: unknown) => (typeof value === "string" ? value.trim().toLowerCase() : value);
  // A different Workspace account is a different mailbox; everything else changes in place.
  const replaces = changed(olds.customerId, news.customerId) ? ["customerId"] : [];
  const changes =
    replaces.length > 0 ||
    changed(olds.email, lower(news.primaryEmail)) ||
    changed(olds.firstName, typeof news.firstName === "string" ? news.firstName.trim() : news.firstName) ||
    changed(olds.lastName, typeof news.lastName === "string" ? news.lastName.trim() : news.lastName) ||
    changed(olds.orgUnit, news.orgUnit ?? "/") ||
    olds.suspended === true ||
    connectionChanged(olds, news) ||
    settingKeys.some((key) => news[key] !== undefined && changed(olds[key], news[key]));
  return { changes, replaces, deleteBeforeReplace: replaces.length > 0 };
}

async function update(
  id: string,
  olds: WorkspaceUserOutputs,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.UpdateResult<WorkspaceUserOutputs>> {
  const inputs = parseInputs(news);
  const client = workspaceClient(inputs);
  const patch: UserPatch = {};
  // A new address renames the same user: its id, mail, password and stack mark stay; Google keeps the old
  // address as an alias (https://support.google.com/a/answer/9710299; users.patch has the same semantics as
  // users.update, https://developers.google.com/admin-sdk/directory/v1/reference/users/update).
  if (olds.email !== inputs.primaryEmail) patch.primaryEmail = inputs.primaryEmail;
  if (olds.firstName !== inputs.firstName || olds.lastName !== inputs.lastName) {
    patch.name = { givenName: inputs.firstName, familyName: inputs.lastName };
  }
  if (olds.orgUnit !== inputs.orgUnit) patch.orgUnitPath = inputs.orgUnit;
  // A mailbox in the stack is an active mailbox: suspension by hand is drift to undo.
  if (olds.suspended) patch.suspended = false;
  if (Object.keys(patch).length === 0) {
    const unchanged = {
      id,
      email: olds.email,
      firstName: olds.firstName,
      lastName: olds.lastName,
      orgUnit: olds.orgUnit,
      suspended: false,
    };
    return { outs: outputsFrom(inputs, unchanged, olds.password, olds.adopted) };
  }
  const what = patch.primaryEmail
    ? `rename mailbox ${olds.email} to ${inputs.primaryEmail}`
    : `update mailbox ${olds.email}`;
  try {
    const user = await patchUser(client, id, patch, what);
    return { outs: outputsFrom(inputs, liveState(user), olds.password, olds.adopted) };
  } catch (error) {
    if (error instanceof WorkspaceApiError && error.kind === "notFound") {
      throw new Error(
        `Mailbox ${olds.email} (Google user id ${id}) no longer exists in Google Workspace. Run \`pulumi refresh\` so the stack forgets it, then \`pulumi up\` to create it again.`,
      );
    }
    if (patch.primaryEmail && error instanceof WorkspaceApiError && error.kind === "userExists") {
      // Google renames only to a free address (https://support.google.com/a/answer/2622985).
      throw new Error(
        `Mailbox ${olds.email} was not renamed to ${inputs.primaryEmail}: that address already belongs to another mailbox or is an alias in Google Workspace; the mailbox is unchanged. ` +
          `Choose another username, or remove that mailbox or alias in the Admin console and run \`pulumi up\` again.`,
      );
    }
    throw error;
  } finally {
    forgetDomainUsers(client, domainOf(olds.email), domainOf(inputs.primaryEmail));
  }
}

/** Suspends by default: the mailbox and its mail stay, and `adopt: true` can bring it back. */
async function remove(id: string, props: WorkspaceUserOutputs): Promise<void> {
  const client = workspaceClient(connectionOf(props));
  try {
    if (props.onDelete === "delete") {
      await deleteUser(client, id);
      return;
    }
    await patchUser(client, id, { suspended: true }, `suspend mailbox ${props.email}`);
  } catch (error) {
    // Already deleted by hand: nothing left to suspend.
    if (error instanceof WorkspaceApiError && error.kind === "notFound") return;
    throw error;
  } finally {
    forgetDomainUsers(client, domainOf(props.email));
  }
}

export const provider: pulumi.dynamic.ResourceProvider = {
  check: async (_olds, news) => withServiceAccountKeyCheck(checkInputs(workspaceUserInputsSchema, news)),
  create,
  read,
  diff,
  update,
  delete: remove,
};
