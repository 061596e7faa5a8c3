import type { admin_directory_v1 } from "googleapis/build/src/apis/admin";
import { retriesMade } from "./google-retry";
import type { ExternalId } from "./stack-marker";
import type { WorkspaceClient } from "./workspace-client";

/**
 * Directory API `users` calls (insert, get, list, patch, delete) with Google's errors turned into
 * WorkspaceApiError. Request bodies follow "REST Resource: users"; list pages use the maximum
 * `maxResults` of 500 so a refresh of a large domain costs ceil(N/500) calls.
 */

export type DirectoryUser = admin_directory_v1.Schema$User;

function statusOf(error: unknown): number | undefined {
  return (error as { response?: { status?: number } })?.response?.status;
}

export async function getUser(client: WorkspaceClient, userKey: string): Promise<DirectoryUser | undefined> {
  try {
    const response = await client.call(() => client.directory.users.get({ userKey }));
    return response.data;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw client.describe(error, `read mailbox ${userKey}`);
  }
}

/** Every (non-deleted) user whose primary address is in `domain`, 500 per page. */
export async function listDomainUsers(client: WorkspaceClient, domain: string): Promise<DirectoryUser[]> {
  const users: DirectoryUser[] = [];
  let pageToken: string | undefined;
  do {
    try {
      const response = await client.call(() =>
        client.directory.users.list({ domain, maxResults: 500, pageToken }),
      );
      users.push(...(response.data.users ?? []));
      pageToken = response.data.nextPageToken ?? undefined;
    } catch (error) {
      throw client.describe(error, `list the mailboxes of ${domain}`);
    }
  } while (pageToken);
  return users;
}

export interface NewUser {
  primaryEmail: string;
  givenName: string;
  familyName: string;
  orgUnitPath: string;
  /** Already hashed for the wire (see mailbox-password.ts). */
  password: { hash: string; hashFunction: "SHA-1" };
  /** Ids from other systems; mailinfra records the stack that created the user (stack-marker.ts). */
  externalIds?: ExternalId[];
}

export type InsertOutcome =
  | { kind: "created"; user: DirectoryUser }
  /** 409: the address exists. `afterRetry` says our own earlier attempt may have created it. */
  | { kind: "exists"; afterRetry: boolean };

export async function insertUser(client: WorkspaceClient, user: NewUser): Promise<InsertOutcome> {
  try {
    const response = await client.call(() =>
      client.directory.users.insert({
        requestBody: {
          primaryEmail: user.primaryEmail,
          name: { givenName: user.givenName, familyName: user.familyName },
          orgUnitPath: user.orgUnitPath,
          password: user.password.hash,
          hashFunction: user.password.hashFunction,
          // The mailbox is handed to Smartlead over SMTP/IMAP: a forced password change would lock it out.
          changePasswordAtNextLogin: false,
          ...(user.externalIds ? { externalIds: user.externalIds } : {}),
        },
      }),
    );
    return { kind: "created", user: response.data };
  } catch (error) {
    if (statusOf(error) === 409) return { kind: "exists", afterRetry: retriesMade(error) > 0 };
    throw client.describe(error, `create mailbox ${user.primaryEmail}`);
  }
}

export type UserPatch = Pick<
  admin_directory_v1.Schema$User,
  | "primaryEmail"
  | "name"
  | "orgUnitPath"
  | "suspended"
  | "password"
  | "hashFunction"
  | "changePasswordAtNextLogin"
>;

export async function patchUser(
  client: WorkspaceClient,
  userKey: string,
  patch: UserPatch,
  action: string,
): Promise<DirectoryUser> {
  try {
    const response = await client.call(() => client.directory.users.patch({ userKey, requestBody: patch }));
    return response.data;
  } catch (error) {
    throw client.describe(error, action);
  }
}

/** Deletes; a user already gone counts as deleted. */
export async function deleteUser(client: WorkspaceClient, userKey: string): Promise<"deleted" | "absent"> {
  try {
    await client.call(() => client.directory.users.delete({ userKey }));
    return "deleted";
  } catch (error) {
    if (statusOf(error) === 404) return "absent";
    throw client.describe(error, `delete mailbox ${userKey}`);
  }
}
