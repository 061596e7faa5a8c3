import type * as pulumi from "@pulumi/pulumi";

/**
 * How to reach a Google Workspace account: shared by WorkspaceUser, WorkspaceDomain, WorkspaceDomainVerification.
 * The service account's JSON key is no argument: the engine hands the stack configuration's
 * `mailinfra:google.serviceAccountKey` (a secret) to the provider process, which holds it once for every resource
 * (`pulumi config set --secret --path 'mailinfra:google.serviceAccountKey' < service-account.json`). Its client id
 * must be granted, under Admin console → Security → API controls → Domain-wide delegation, exactly these scopes:
 * `https://www.googleapis.com/auth/admin.directory.user`,
 * `https://www.googleapis.com/auth/admin.directory.domain`,
 * `https://www.googleapis.com/auth/siteverification.verify_only`.
 * Rotating the key in the stack configuration changes no resource.
 */
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
   * Base URL of Google's APIs and token endpoint host. Only for tests and the demo (the emulator);
   * the token endpoint itself comes from the key's `token_uri`.
   * @default Google's own endpoints
   * @example "http://127.0.0.1:41234"
   */
  rootUrl?: pulumi.Input<string>;
}
