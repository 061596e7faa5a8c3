import * as pulumi from "@pulumi/pulumi";
import { shim } from "../shim";
import type { WorkspaceConnectionArgs } from "./workspace-connection-args";

export interface WorkspaceDomainVerificationArgs extends WorkspaceConnectionArgs {
  /** @example "send.example.com" */
  domain: pulumi.Input<string>;
  /**
   * The TXT value from WorkspaceDomain, published by the DNS host. A new value (another admin asked for
   * it) verifies again.
   * @example workspaceDomain.verificationToken
   */
  verificationToken: pulumi.Input<string>;
  /**
   * Any output of the readiness gate that checked the TXT record: it only makes Pulumi create this
   * resource after the gate; its value is not used and changes to it do not verify again.
   * @example readiness.readyAt
   */
  readinessToken?: pulumi.Input<unknown>;
  /**
   * How long to keep asking while Google's resolvers do not see the record yet. Past it the resource is left
   * unverified, with the reason in `verificationProblem`; the next `up` asks again.
   * @default 600
   */
  waitSeconds?: pulumi.Input<number>;
  /**
   * Longest pause between two asks: pauses start at 1 s and double up to it
   * (workspace-domain-verification-wait.ts).
   * @default 15
   */
  pollSeconds?: pulumi.Input<number>;
}

/**
 * Has Google verify the domain by its DNS TXT record (Site Verification API, DNS_TXT), which makes the
 * Workspace domain verified so mailboxes can be created in it.
 *
 * Google checks DNS itself and can lag behind the readiness resolvers: a "not found" is retried with a progress
 * line each time; still unverified after `waitSeconds`, the resource says so in `verified: false` and
 * `verificationProblem` (with what to check) instead of failing the run, and the next `up` asks again.
 *
 * `pulumi refresh` reads Workspace's `verified` flag; if it turned false (record removed, domain
 * re-added), the next `up` verifies again. Deleting the resource changes nothing at Google.
 *
 * @example
 * ```ts
 * const verification = new WorkspaceDomainVerification("send.example.com", {
 *   domain: "send.example.com", verificationToken: workspaceDomain.verificationToken,
 *   readinessToken: readiness.readyAt, customerId, adminEmail,
 * });
 * new WorkspaceUser("ana@send.example.com", { ... }, { dependsOn: [verification] });
 * ```
 */
export class WorkspaceDomainVerification extends pulumi.dynamic.Resource {
  declare readonly domain: pulumi.Output<string>;
  declare readonly verified: pulumi.Output<boolean>;
  declare readonly owners: pulumi.Output<string[]>;
  /** While unverified: why, what to check, and that the next `up` tries again. */
  declare readonly verificationProblem: pulumi.Output<string | undefined>;

  constructor(name: string, args: WorkspaceDomainVerificationArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      shim("providers/workspace/workspace-domain-verification.provider"),
      name,
      {
        ...args,
        verified: undefined,
        owners: undefined,
        verificationProblem: undefined,
      },
      {
        ...opts,
        // Outputs of resources created before keys were held once still hold the key: kept secret on refresh.
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "serviceAccountKey"],
      },
      "mailinfra",
      "WorkspaceDomainVerification",
    );
  }
}
