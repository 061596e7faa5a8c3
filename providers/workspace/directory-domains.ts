import type { admin_directory_v1 } from "googleapis/build/src/apis/admin";
import { retriesMade } from "./google-retry";
import type { WorkspaceClient } from "./workspace-client";

/** Directory API `domains` calls for the connection's customer. */

export type DirectoryDomain = admin_directory_v1.Schema$Domains;

function statusOf(error: unknown): number | undefined {
  return (error as { response?: { status?: number } })?.response?.status;
}

export async function getDomain(
  client: WorkspaceClient,
  domainName: string,
): Promise<DirectoryDomain | undefined> {
  try {
    const response = await client.call(() =>
      client.directory.domains.get({ customer: client.customerId, domainName }),
    );
    return response.data;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw client.describe(error, `read domain ${domainName}`);
  }
}

/**
 * Adds the domain; `exists` when Google already has it (on this or another account: check with getDomain).
 * `afterRetry`: the 409 came after a retry, so our own lost attempt may have added it.
 */
export async function insertDomain(
  client: WorkspaceClient,
  domainName: string,
): Promise<{ kind: "created"; domain: DirectoryDomain } | { kind: "exists"; afterRetry: boolean }> {
  try {
    const response = await client.call(() =>
      client.directory.domains.insert({
        customer: client.customerId,
        requestBody: { domainName },
      }),
    );
    return { kind: "created", domain: response.data };
  } catch (error) {
    if (statusOf(error) === 409) return { kind: "exists", afterRetry: retriesMade(error) > 0 };
    throw client.describe(error, `add domain ${domainName} to Workspace`);
  }
}

export async function deleteDomain(client: WorkspaceClient, domainName: string): Promise<void> {
  try {
    await client.call(() => client.directory.domains.delete({ customer: client.customerId, domainName }));
  } catch (error) {
    if (statusOf(error) === 404) return;
    throw client.describe(error, `remove domain ${domainName} from Workspace`);
  }
}

export async function listDomains(client: WorkspaceClient): Promise<DirectoryDomain[]> {
  try {
    const response = await client.call(() => client.directory.domains.list({ customer: client.customerId }));
    return response.data.domains ?? [];
  } catch (error) {
    throw client.describe(error, `list the domains of Workspace customer ${client.customerId}`);
  }
}
