import * as pulumi from "@pulumi/pulumi";
import { shim } from "../shim";
import type { WorkspaceConnectionArgs } from "./workspace-connection-args";

export interface WorkspaceDomainArgs extends WorkspaceConnectionArgs {
  /**
   * The sending domain to add to the Workspace account as a secondary domain. A domain already on the
   * account is adopted, not an error. Changing it replaces the resource.
   * @example "send.example.com"
   */
  domain: pulumi.Input<string>;
  /**
   * What removing the resource does. `retain` leaves the domain on the Workspace account (removing it
   * would take its mailboxes' addresses with it); `remove` deletes it from the account, which Google
   * refuses while mailboxes still use it.
   * @default "retain"
   */
  onDelete?: pulumi.Input<"retain" | "remove">;
}

/**
 * A domain of the Google Workspace account and the DNS TXT value that proves it is ours.
 *
 * Publish `verificationToken` as a TXT record at the domain apex (MailDomain does, with the mail
 * records), wait for the readiness gate to see it, then create a WorkspaceDomainVerification.
 * `verified` reports Workspace's view as of the last `up` or `refresh`.
 *
 * @example
 * ```ts
 * const workspaceDomain = new WorkspaceDomain("send.example.com", {
 *   domain: "send.example.com", customerId: "C03az79cb", adminEmail: "it-admin@example.com",
 * });
 * // records: { name: "send.example.com", type: "TXT", content: workspaceDomain.verificationToken, ... }
 * ```
 */
export class WorkspaceDomain extends pulumi.dynamic.Resource {
  declare readonly domain: pulumi.Output<string>;
  /** The whole TXT value, `google-site-verification=...`. */
  declare readonly verificationToken: pulumi.Output<string>;
  declare readonly verified: pulumi.Output<boolean>;
  declare readonly isPrimary: pulumi.Output<boolean>;
  /** True when the domain was on the account before this stack added it. */
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, args: WorkspaceDomainArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      shim("providers/workspace/workspace-domain.provider"),
      name,
      {
        ...args,
        verificationToken: undefined,
        verified: undefined,
        isPrimary: undefined,
        adopted: undefined,
      },
      {
        ...opts,
        // Outputs of resources created before keys were held once still hold the key: kept secret on refresh.
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "serviceAccountKey"],
      },
      "mailinfra",
      "WorkspaceDomain",
    );
  }
}
