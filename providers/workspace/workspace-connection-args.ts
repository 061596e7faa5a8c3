import type * as pulumi from "@pulumi/pulumi";

/** How to reach a Google Workspace account: shared by WorkspaceUser, WorkspaceDomain, WorkspaceDomainVerification. */
export interface WorkspaceConnectionArgs {
  /**
   * The Workspace account's customer id (Admin console → Account → Account settings), or `my_customer`
   * for the account of `adminEmail`. Changing it replaces the resource.
   * @example "C03az79cb"
   */
  customerId: pulumi.Input<string>;
  /**
   * A super admin of the account. The service account acts as this user through domain-wide delegation.
   * @example "it-admin@example.com"
   */
  adminEmail: pulumi.Input<string>;
  /**
   * The service account's JSON key, as a secret. Its client id must be granted, under Admin console →
   * Security → API controls → Domain-wide delegation, exactly these scopes:
   * `https://www.googleapis.com/auth/admin.directory.user`,
   * `https://www.googleapis.com/auth/admin.directory.domain`,
   * `https://www.googleapis.com/auth/siteverification.verify_only`.
   * Rotating the key updates the resource in place.
   * @example config.requireSecret("googleServiceAccountKey")
   */
  serviceAccountKey: pulumi.Input<string>;
  /**
   * Base URL of Google's APIs and token endpoint host. Only for tests and the demo (the emulator);
   * the token endpoint itself comes from the key's `token_uri`.
   * @default Google's own endpoints
   * @example "http://127.0.0.1:41234"
   */
  rootUrl?: pulumi.Input<string>;
}
