import type * as pulumi from "@pulumi/pulumi";
import { getDomain } from "./directory-domains";
import { WorkspaceApiError } from "./google-errors";
import { changed, connectionChanged } from "./input-change";
import { checkInputs, parseChecked } from "./input-check";
import { forgetCustomerDomains, liveCustomerDomain } from "./refresh-listing";
import { verifyDomainOwnership } from "./site-verification";
import { type WorkspaceClient, workspaceClient } from "./workspace-client";
import {
  type WorkspaceDomainVerificationInputs,
  workspaceDomainVerificationInputsSchema,
} from "./workspace-domain-inputs";

/**
 * WorkspaceDomainVerification: asks Google to verify the domain through its DNS TXT record, once the
 * readiness gate has seen the record on public resolvers. Google's resolvers may still lag, so a "token
 * not found" answer is retried for `waitSeconds`. Id: the domain name.
 */

export interface WorkspaceDomainVerificationOutputs extends WorkspaceDomainVerificationInputs {
  /** Workspace's view of the domain (domains.get `verified`). */
  verified: boolean;
  /** Site Verification owners of the domain (the impersonated admin among them). */
  owners: string[];
}

const parseInputs = (props: unknown) =>
  parseChecked(workspaceDomainVerificationInputsSchema, props, "WorkspaceDomainVerification");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function connectionOf(outs: WorkspaceDomainVerificationOutputs) {
  return {
    customerId: outs.customerId,
    adminEmail: outs.adminEmail,
    serviceAccountKey: outs.serviceAccountKey,
    rootUrl: outs.rootUrl,
  };
}

async function verify(
  client: WorkspaceClient,
  inputs: WorkspaceDomainVerificationInputs,
): Promise<WorkspaceDomainVerificationOutputs> {
  const deadline = Date.now() + inputs.waitSeconds * 1000;
  const pause = inputs.pollSeconds * 1000;
  let owners: string[] = [];
  for (;;) {
    try {
      owners = (await verifyDomainOwnership(client, inputs.domain)).owners ?? [];
      break;
    } catch (error) {
      const notSeenYet = error instanceof WorkspaceApiError && error.kind === "verificationTokenNotFound";
      if (!notSeenYet) throw error;
      if (Date.now() + pause > deadline) {
        throw new Error(
          `Google could not see the TXT record "${inputs.verificationToken}" at ${inputs.domain} after ${inputs.waitSeconds} s. ` +
            `The readiness gate saw it, so Google's resolvers may lag behind, or the record was changed since. ` +
            `Check it with \`dig +short TXT ${inputs.domain} @8.8.8.8\` and run \`pulumi up\` again.`,
        );
      }
      await sleep(pause);
    }
  }
  // Site Verification has accepted the token; Workspace marks its domain verified from that, possibly a
  // little later.
  for (;;) {
    const domain = await getDomain(client, inputs.domain);
    if (!domain) {
      throw new Error(
        `Google verified ownership of ${inputs.domain}, but the domain is not on Workspace customer ${client.customerId}. Add it with WorkspaceDomain (or in Admin console → Account → Domains) and run \`pulumi up\` again.`,
      );
    }
    if (domain.verified) return { ...inputs, verified: true, owners };
    if (Date.now() + pause > deadline) {
      throw new Error(
        `Google verified ownership of ${inputs.domain}, but Workspace still lists the domain as unverified after ${inputs.waitSeconds} s. Run \`pulumi up\` again later.`,
      );
    }
    await sleep(pause);
  }
}

async function create(
  raw: Record<string, unknown>,
): Promise<pulumi.dynamic.CreateResult<WorkspaceDomainVerificationOutputs>> {
  const inputs = parseInputs(raw);
  const client = workspaceClient(inputs);
  try {
    return { id: inputs.domain, outs: await verify(client, inputs) };
  } finally {
    forgetCustomerDomains(client);
  }
}

async function read(
  id: string,
  props: Record<string, unknown>,
): Promise<pulumi.dynamic.ReadResult<WorkspaceDomainVerificationOutputs | Record<string, never>>> {
  const outs = props as unknown as WorkspaceDomainVerificationOutputs;
  const client = workspaceClient(connectionOf(outs));
  const live = await liveCustomerDomain(client, id);
  if (!live) return { id: "", props: {} };
  return { id, props: { ...outs, verified: live.verified === true } };
}

async function diff(
  _id: string,
  olds: WorkspaceDomainVerificationOutputs,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.DiffResult> {
  const newDomain = typeof news.domain === "string" ? news.domain.trim().toLowerCase() : news.domain;
  const replaces = [
    ...(changed(olds.domain, newDomain) ? ["domain"] : []),
    ...(changed(olds.customerId, news.customerId) ? ["customerId"] : []),
  ];
  // readinessToken only orders this resource after the gate: a new gate run is no reason to verify again.
  const changes =
    replaces.length > 0 ||
    olds.verified !== true ||
    changed(olds.verificationToken, news.verificationToken) ||
    connectionChanged(olds, news) ||
    (news.waitSeconds !== undefined && changed(olds.waitSeconds, news.waitSeconds)) ||
    (news.pollSeconds !== undefined && changed(olds.pollSeconds, news.pollSeconds));
  return { changes, replaces };
}

async function update(
  _id: string,
  olds: WorkspaceDomainVerificationOutputs,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.UpdateResult<WorkspaceDomainVerificationOutputs>> {
  const inputs = parseInputs(news);
  const needsVerification = olds.verified !== true || olds.verificationToken !== inputs.verificationToken;
  if (!needsVerification) return { outs: { ...inputs, verified: true, owners: olds.owners } };
  const client = workspaceClient(inputs);
  try {
    return { outs: await verify(client, inputs) };
  } finally {
    forgetCustomerDomains(client);
  }
}

export const provider: pulumi.dynamic.ResourceProvider = {
  check: async (_olds, news) => checkInputs(workspaceDomainVerificationInputsSchema, news),
  create,
  read,
  diff,
  update,
  // Nothing to undo: ownership stays proven at Google, and removing the domain is WorkspaceDomain's call.
  delete: async () => {},
};
