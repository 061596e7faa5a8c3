import { setTimeout as sleep } from "node:timers/promises";
import type * as pulumi from "@pulumi/pulumi";
import { changed, checkInputs, parseChecked } from "../provider-inputs";
import { workspaceSettings } from "./client-settings";
import { getDomain } from "./directory-domains";
import { WorkspaceApiError } from "./google-errors";
import { connectionChanged } from "./input-change";
import { forgetCustomerDomains, liveCustomerDomain } from "./refresh-listing";
import { verifyDomainOwnership } from "./site-verification";
import { type WorkspaceClient, workspaceClient } from "./workspace-client";
import { withServiceAccountKeyCheck } from "./workspace-connection";
import {
  type WorkspaceDomainVerificationInputs,
  workspaceDomainVerificationInputsSchema,
} from "./workspace-domain-inputs";
import {
  notSeenYetLine,
  stillUnverifiedMessage,
  verificationPauseMs,
  workspaceStillUnverifiedMessage,
} from "./workspace-domain-verification-wait";

/**
 * WorkspaceDomainVerification: asks Google to verify the domain through its DNS TXT record, once the
 * readiness gate has seen the record on public resolvers. Google's resolvers may still lag, so a "token
 * not found" answer is retried with growing pauses for `waitSeconds`, one progress line per retry. Past that
 * the resource is left unverified, with the reason and the fix in `verificationProblem`, rather than failing
 * the run: a failed step stops the engine's other steps, which would hold back every other domain. The next
 * `up` asks Google again (diff: not verified → update). Id: the domain name.
 */

export interface WorkspaceDomainVerificationOutputs extends WorkspaceDomainVerificationInputs {
  /** Workspace's view of the domain (domains.get `verified`). */
  verified: boolean;
  /** Site Verification owners of the domain (the impersonated admin among them). */
  owners: string[];
  /** While unverified: why, what to check, and that the next `up` tries again. */
  verificationProblem?: string;
}

const parseInputs = (props: unknown) =>
  parseChecked(workspaceDomainVerificationInputsSchema, props, "WorkspaceDomainVerification");

function connectionOf(outs: WorkspaceDomainVerificationOutputs) {
  return {
    customerId: outs.customerId,
    adminEmail: outs.adminEmail,
    rootUrl: outs.rootUrl,
    // Resources created before keys were held once: their refresh and destroy may find no key in the process.
    serviceAccountKey: (outs as { serviceAccountKey?: string }).serviceAccountKey,
  };
}

async function verify(
  client: WorkspaceClient,
  inputs: WorkspaceDomainVerificationInputs,
  report: (line: string) => void,
): Promise<WorkspaceDomainVerificationOutputs> {
  const deadline = Date.now() + inputs.waitSeconds * 1000;
  const maxPause = inputs.pollSeconds * 1000;
  // Past the budget the step fails: Google refuses users on an unverified domain, so the domain's mailboxes
  // must not be attempted in this run (a verified: false output would let the engine go on to create them).
  const unverified = (problem: string): never => {
    report(`WorkspaceDomainVerification ${problem}`);
    throw new Error(problem);
  };
  let owners: string[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      owners = (await verifyDomainOwnership(client, inputs.domain)).owners ?? [];
      break;
    } catch (error) {
      const notSeenYet = error instanceof WorkspaceApiError && error.kind === "verificationTokenNotFound";
      if (!notSeenYet) throw error;
      const pause = verificationPauseMs(attempt, maxPause);
      if (Date.now() + pause > deadline) {
        return unverified(
          stillUnverifiedMessage(inputs.domain, inputs.verificationToken, inputs.waitSeconds),
        );
      }
      report(notSeenYetLine(inputs.domain, attempt, pause, inputs.waitSeconds));
      await sleep(pause);
    }
  }
  // Site Verification has accepted the token; Workspace marks its domain verified from that, possibly a
  // little later.
  for (let attempt = 1; ; attempt++) {
    const domain = await getDomain(client, inputs.domain);
    if (!domain) {
      throw new Error(
        `Google verified ownership of ${inputs.domain}, but the domain is not on Workspace customer ${client.customerId}. Add it with WorkspaceDomain (or in Admin console → Account → Domains) and run \`pulumi up\` again.`,
      );
    }
    if (domain.verified) return { ...inputs, verified: true, owners };
    const pause = verificationPauseMs(attempt, maxPause);
    if (Date.now() + pause > deadline) {
      unverified(workspaceStillUnverifiedMessage(inputs.domain, inputs.waitSeconds));
    }
    await sleep(pause);
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
  const verified = live.verified === true;
  const { verificationProblem: _was, ...rest } = outs;
  return {
    id,
    props: {
      ...rest,
      verified,
      ...(!verified && outs.verificationProblem ? { verificationProblem: outs.verificationProblem } : {}),
    },
  };
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

async function verifyNow(inputs: WorkspaceDomainVerificationInputs) {
  const client = workspaceClient(inputs);
  try {
    return await verify(client, inputs, workspaceSettings.current().report);
  } finally {
    forgetCustomerDomains(client);
  }
}

export const provider: pulumi.dynamic.ResourceProvider = {
  check: async (_olds, news) =>
    withServiceAccountKeyCheck(checkInputs(workspaceDomainVerificationInputsSchema, news)),
  async create(raw): Promise<pulumi.dynamic.CreateResult<WorkspaceDomainVerificationOutputs>> {
    const inputs = parseInputs(raw);
    return { id: inputs.domain, outs: await verifyNow(inputs) };
  },
  read,
  diff,
  async update(_id, olds: WorkspaceDomainVerificationOutputs, news) {
    const inputs = parseInputs(news);
    const needsVerification = olds.verified !== true || olds.verificationToken !== inputs.verificationToken;
    if (!needsVerification) return { outs: { ...inputs, verified: true, owners: olds.owners } };
    return { outs: await verifyNow(inputs) };
  },
  // Nothing to undo: ownership stays proven at Google, and removing the domain is WorkspaceDomain's call.
  delete: async () => {},
};
