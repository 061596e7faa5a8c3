import type * as pulumi from "@pulumi/pulumi";
import { changed, checkInputs, parseChecked } from "../provider-inputs";
import { type DirectoryDomain, deleteDomain, getDomain, insertDomain } from "./directory-domains";
import { connectionChanged } from "./input-change";
import { forgetCustomerDomains, liveCustomerDomain } from "./refresh-listing";
import { getDnsTxtToken } from "./site-verification";
import { type WorkspaceClient, workspaceClient } from "./workspace-client";
import { withServiceAccountKeyCheck } from "./workspace-connection";
import { type WorkspaceDomainInputs, workspaceDomainInputsSchema } from "./workspace-domain-inputs";

/**
 * WorkspaceDomain: the sending domain as a (secondary) domain of the Workspace account, plus the DNS_TXT
 * token Google wants to see before it counts the domain as verified. Id: the domain name.
 */

export interface WorkspaceDomainOutputs extends WorkspaceDomainInputs {
  /** The whole TXT value to publish at the domain apex: `google-site-verification=...`. */
  verificationToken: string;
  /** Workspace's own view (domains.get `verified`), as of the last create/read. */
  verified: boolean;
  isPrimary: boolean;
  /** True when the domain was already on the account before this stack added it. */
  adopted: boolean;
}

const parseInputs = (props: unknown) => parseChecked(workspaceDomainInputsSchema, props, "WorkspaceDomain");

function connectionOf(outs: WorkspaceDomainOutputs) {
  return {
    customerId: outs.customerId,
    adminEmail: outs.adminEmail,
    rootUrl: outs.rootUrl,
    // Resources created before keys were held once: their refresh and destroy may find no key in the process.
    serviceAccountKey: (outs as { serviceAccountKey?: string }).serviceAccountKey,
  };
}

async function addOrAdopt(
  client: WorkspaceClient,
  domainName: string,
): Promise<{ domain: DirectoryDomain; adopted: boolean }> {
  const inserted = await insertDomain(client, domainName);
  if (inserted.kind === "created") return { domain: inserted.domain, adopted: false };
  const existing = await getDomain(client, domainName);
  if (!existing) {
    throw new Error(
      `Domain ${domainName} is already registered to another Google Workspace or Cloud Identity account, so it cannot be added to customer ${client.customerId}. Remove it from that account first (Admin console → Account → Domains), or use another domain.`,
    );
  }
  return { domain: existing, adopted: !inserted.afterRetry };
}

async function create(
  raw: Record<string, unknown>,
): Promise<pulumi.dynamic.CreateResult<WorkspaceDomainOutputs>> {
  const inputs = parseInputs(raw);
  const client = workspaceClient(inputs);
  try {
    const { domain, adopted } = await addOrAdopt(client, inputs.domain);
    const verificationToken = await getDnsTxtToken(client, inputs.domain);
    return {
      id: inputs.domain,
      outs: {
        ...inputs,
        verificationToken,
        verified: domain.verified === true,
        isPrimary: domain.isPrimary === true,
        adopted,
      },
    };
  } finally {
    forgetCustomerDomains(client);
  }
}

async function read(
  id: string,
  props: Record<string, unknown>,
): Promise<pulumi.dynamic.ReadResult<WorkspaceDomainOutputs | Record<string, never>>> {
  const outs = props as unknown as WorkspaceDomainOutputs;
  const client = workspaceClient(connectionOf(outs));
  // One domains.list serves the reads of every domain of the account during a refresh.
  const live = await liveCustomerDomain(client, id);
  if (!live) return { id: "", props: {} };
  const verificationToken = outs.verificationToken || (await getDnsTxtToken(client, id));
  return {
    id,
    props: {
      ...outs,
      verificationToken,
      verified: live.verified === true,
      isPrimary: live.isPrimary === true,
    },
  };
}

async function diff(
  _id: string,
  olds: WorkspaceDomainOutputs,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.DiffResult> {
  const newDomain = typeof news.domain === "string" ? news.domain.trim().toLowerCase() : news.domain;
  const replaces = [
    ...(changed(olds.domain, newDomain) ? ["domain"] : []),
    ...(changed(olds.customerId, news.customerId) ? ["customerId"] : []),
  ];
  const changes =
    replaces.length > 0 || connectionChanged(olds, news) || changed(olds.onDelete, news.onDelete ?? "retain");
  return { changes, replaces };
}

async function update(
  _id: string,
  olds: WorkspaceDomainOutputs,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.UpdateResult<WorkspaceDomainOutputs>> {
  const inputs = parseInputs(news);
  // Site Verification tokens belong to the asking admin: another admin means another TXT value.
  const verificationToken =
    inputs.adminEmail.toLowerCase() === olds.adminEmail.toLowerCase() && inputs.rootUrl === olds.rootUrl
      ? olds.verificationToken
      : await getDnsTxtToken(workspaceClient(inputs), inputs.domain);
  return {
    outs: {
      ...inputs,
      verificationToken,
      verified: olds.verified,
      isPrimary: olds.isPrimary,
      adopted: olds.adopted,
    },
  };
}

/** Retained by default: removing a domain from Workspace would take its mailboxes with it. */
async function remove(id: string, props: WorkspaceDomainOutputs): Promise<void> {
  if (props.onDelete !== "remove") return;
  const client = workspaceClient(connectionOf(props));
  try {
    await deleteDomain(client, id);
  } finally {
    forgetCustomerDomains(client);
  }
}

export const provider: pulumi.dynamic.ResourceProvider = {
  check: async (_olds, news) => withServiceAccountKeyCheck(checkInputs(workspaceDomainInputsSchema, news)),
  create,
  read,
  diff,
  update,
  delete: remove,
};
