import * as pulumi from "@pulumi/pulumi";
import { shim } from "../shim";
import type { MailEndpoint } from "./mailbox-connection";
import type { WorkspaceConnectionArgs } from "./workspace-connection-args";

export interface WorkspaceUserArgs extends WorkspaceConnectionArgs {
  /**
   * The mailbox address, `username@domain`; the domain must be verified in the account. Changing it
   * renames the same user in place (`users.patch` of `primaryEmail`: same id, mail and password; Google keeps
   * the old address as an alias, https://support.google.com/a/answer/9710299). The new address must not be
   * another user's address or alias (https://support.google.com/a/answer/2622985). A component that names
   * the resource by its address needs an alias to its old name for the engine to see the same resource
   * (the Mailbox component does this for `renamedFrom`).
   * @example "ana.lopez@send.example.com"
   */
  primaryEmail: pulumi.Input<string>;
  /** @example "Ana" */
  firstName: pulumi.Input<string>;
  /** @example "Lopez" */
  lastName: pulumi.Input<string>;
  /**
   * Organizational unit path. Must exist in the account.
   * @default "/"
   * @example "/Outbound"
   */
  orgUnit?: pulumi.Input<string>;
  /**
   * Take over a mailbox with this address that already exists (made by hand, or left suspended when it
   * was removed from the stack). Adopting resets its password to a new generated one, because Google
   * never reveals the current password and the SMTP/IMAP credentials this resource outputs must work;
   * anything still using the old password must switch. Without `adopt`, an existing address fails the
   * create with an error instead of touching the mailbox.
   * @default false
   */
  adopt?: pulumi.Input<boolean>;
  /**
   * What removing the mailbox from the stack does. `suspend` keeps the mailbox and its mail (it can be
   * adopted back); `delete` deletes it (Google keeps deleted users restorable for 20 days only).
   * @default "suspend"
   */
  onDelete?: pulumi.Input<"suspend" | "delete">;
  /**
   * The stack that manages the mailbox, recorded on the Workspace user when it is created (an external
   * id of custom type `mailinfra-stack`). If an `up` dies after Google created the user but before the
   * state recorded it, the next `up` recognises the mailbox as its own instead of refusing it as one made
   * by hand. A suspended mailbox (removed from the stack earlier) still needs `adopt`.
   * @default `<organization>/<project>/<stack>` of the running program
   * @example "acme/mailinfra/prod"
   */
  managedBy?: pulumi.Input<string>;
  /** @default "smtp.gmail.com" */
  smtpHost?: pulumi.Input<string>;
  /** @default 587 */
  smtpPort?: pulumi.Input<number>;
  /** @default "imap.gmail.com" */
  imapHost?: pulumi.Input<string>;
  /** @default 993 */
  imapPort?: pulumi.Input<number>;
}

/**
 * A Google Workspace mailbox with a generated password, ready to be connected over SMTP/IMAP.
 *
 * - The password (24 random characters) exists only as the secret output `password`;
 *   `changePasswordAtNextLogin` is false so SMTP/IMAP clients can use it at once.
 * - Names and org unit change in place; a new username renames the mailbox.
 * - `pulumi refresh` sees changes made by hand (suspended, renamed, moved, deleted); the next
 *   `pulumi up` restores what is declared (un-suspends, renames back, moves back, or re-creates).
 * - Removing it from the stack suspends it by default (`onDelete`).
 *
 * @example
 * ```ts
 * const ana = new WorkspaceUser("ana@send.example.com", {
 *   primaryEmail: "ana@send.example.com", firstName: "Ana", lastName: "Lopez",
 *   customerId: "C03az79cb", adminEmail: "it-admin@example.com",
 * }, { dependsOn: [verification] });
 * export const smtpUser = ana.smtp.username;
 * ```
 */
export class WorkspaceUser extends pulumi.dynamic.Resource {
  /** Google's immutable user id. */
  declare readonly userId: pulumi.Output<string>;
  /** The live primary address. */
  declare readonly email: pulumi.Output<string>;
  declare readonly firstName: pulumi.Output<string>;
  declare readonly lastName: pulumi.Output<string>;
  declare readonly orgUnit: pulumi.Output<string>;
  declare readonly suspended: pulumi.Output<boolean>;
  /** True when an existing mailbox was taken over. */
  declare readonly adopted: pulumi.Output<boolean>;
  /** The mailbox password (secret), for SMTP and IMAP alike. */
  declare readonly password: pulumi.Output<string>;
  /** SMTP submission: host, port 587, STARTTLS, username = the address. */
  declare readonly smtp: pulumi.Output<MailEndpoint>;
  /** IMAP: host, port 993, TLS, username = the address. */
  declare readonly imap: pulumi.Output<MailEndpoint>;

  constructor(name: string, args: WorkspaceUserArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      shim("providers/workspace/workspace-user.provider"),
      name,
      {
        ...args,
        managedBy: args.managedBy ?? thisStack(),
        userId: undefined,
        email: undefined,
        suspended: undefined,
        adopted: undefined,
        password: undefined,
        smtp: undefined,
        imap: undefined,
      },
      {
        ...opts,
        // Outputs of resources created before keys were held once still hold the key: kept secret on refresh.
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "password", "serviceAccountKey"],
      },
      "mailinfra",
      "WorkspaceUser",
    );
  }
}

/** `<organization>/<project>/<stack>`; engines that do not send the organization get Pulumi's default. */
function thisStack(): string {
  let organization = "organization";
  try {
    organization = pulumi.getOrganization();
  } catch {
    // Mock runtimes and old engines have no organization.
  }
  return `${organization}/${pulumi.getProject()}/${pulumi.getStack()}`;
}
