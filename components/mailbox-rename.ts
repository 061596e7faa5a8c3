import type * as pulumi from "@pulumi/pulumi";
import type { MailboxConfig } from "./config/schema";

/**
 * The name a Mailbox had under its previous address (`renamedFrom`), or undefined. Resource names come from
 * the address (MailDomain names each Mailbox by it, its children add a suffix: `-user`, the sending platform's
 * `-smartlead`), so a rename changes every name; aliases to the old names make the engine update the existing
 * resources instead of creating new ones and deleting the old (which would suspend the user and lose its mail).
 */
export function previousName(name: string, mailbox: MailboxConfig): string | undefined {
  if (!mailbox.renamedFrom || !name.includes(mailbox.address)) return undefined;
  return name.split(mailbox.address).join(mailbox.renamedFrom);
}

/** `opts` plus an alias to `previous` under the same parent (Pulumi aliases: a name alone keeps the parent). */
export function withAlias<T extends pulumi.ResourceOptions>(
  opts: T | undefined,
  previous: string | undefined,
): T {
  if (!previous) return { ...opts } as T;
  return { ...opts, aliases: [...(opts?.aliases ?? []), { name: previous }] } as T;
}
