import type * as pulumi from "@pulumi/pulumi";
import { WorkspaceUser } from "../providers/workspace/workspace-user";
import type { DmarcReportsConfig } from "./config/dmarc-reports";
import type { DomainConfig, GoogleConfig } from "./config/schema";

export interface DmarcReportsMailboxArgs {
  /** The domain being built; the mailbox is created only by the domain it is on. */
  domain: DomainConfig;
  /** `mailinfra:dmarcReports`, when the stack declares it. */
  reports: DmarcReportsConfig | undefined;
  /** The Workspace account (`mailinfra:google`); only Google Workspace domains pass it. */
  google: GoogleConfig | undefined;
  /** The MailDomain, parent of the user. */
  parent: pulumi.Resource;
  /** The domain's Workspace verification: a user can only be created on a verified domain. */
  dependsOn: pulumi.Resource[];
}

/** Whether `domain` hosts the stack's reports mailbox and must create it (not when it is a sending mailbox). */
export function createsReportsMailbox(
  domain: DomainConfig,
  reports: DmarcReportsConfig | undefined,
): boolean {
  if (reports === undefined || domain.platform.kind !== "google-workspace") return false;
  if (reports.mailbox.split("@")[1] !== domain.name) return false;
  return !domain.mailboxes.some((mailbox) => mailbox.address === reports.mailbox);
}

/**
 * The stack's DMARC reports mailbox (components/config/dmarc-reports.ts) as a Google Workspace user, created by
 * the domain it is on once that domain is verified. It is a WorkspaceUser only: never connected to Smartlead, so
 * no warmup mail lands among the reports. Removing `mailinfra:dmarcReports` suspends it (its reports kept) unless
 * `onDelete: delete`, as for sending mailboxes. Its password is generated and kept secret in the state; nobody
 * needs it: `npm run health` reads the reports through the Gmail API with domain-wide delegation.
 */
export function dmarcReportsMailbox(args: DmarcReportsMailboxArgs): WorkspaceUser | undefined {
  const { domain, reports, google } = args;
  if (google === undefined || reports === undefined || !createsReportsMailbox(domain, reports))
    return undefined;
  return new WorkspaceUser(
    `${reports.mailbox}-dmarc-reports`,
    {
      customerId: google.customerId,
      adminEmail: google.adminEmail,
      ...(google.rootUrl ? { rootUrl: google.rootUrl } : {}),
      primaryEmail: reports.mailbox,
      firstName: reports.firstName,
      lastName: reports.lastName,
      orgUnit: reports.orgUnit,
      adopt: reports.adopt,
      onDelete: reports.onDelete,
    },
    { parent: args.parent, dependsOn: args.dependsOn },
  );
}
