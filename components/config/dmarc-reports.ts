import { z } from "zod";

/**
 * `mailinfra:dmarcReports`: the one mailbox per stack that receives the domains' DMARC aggregate reports
 * (RFC 7489 §7.2, https://www.rfc-editor.org/rfc/rfc7489#section-7.2) and that `npm run health` reads.
 *
 * ```yaml
 * mailinfra:dmarcReports:
 *   mailbox: dmarc-reports@acme-outreach.com
 * ```
 *
 * - Every domain whose `dmarc.rua` is not written publishes `rua=mailto:<mailbox>`; a domain that writes its
 *   own `rua` keeps it. When the mailbox's domain is another domain of the stack, that domain publishes the
 *   `<domain>._report._dmarc.<mailbox domain>` authorizations receivers look for (RFC 7489 §7.1) itself.
 * - Without it, domains that do not write `dmarc.rua` publish no `rua` at all (an address that does not exist
 *   makes every receiver's report bounce) and `preview` says once that reports are not collected.
 * - When the mailbox is on a Google Workspace domain of the stack and is not one of its sending mailboxes, the
 *   stack creates it as a Workspace user (never connected to Smartlead). Removing the setting suspends that user,
 *   keeping its mail, unless `onDelete: delete`.
 */

/** The URI a domain publishes in `rua` for the stack's reports mailbox. */
export function reportsMailboxUri(mailbox: string): string {
  return `mailto:${mailbox}`;
}

export const dmarcReportsInputSchema = z.strictObject({
  /**
   * The reports mailbox, lower-cased. On a Google Workspace domain of this stack it is created; elsewhere it
   * must already exist and be served by the stack's Workspace account for `npm run health` to read it.
   * @example "dmarc-reports@acme-outreach.com"
   */
  mailbox: z
    .email({ error: "must be an e-mail address, e.g. dmarc-reports@acme-outreach.com" })
    .transform((address) => address.trim().toLowerCase()),
  /** Given name of the Workspace user the stack creates. @default "DMARC" */
  firstName: z.string().min(1).max(60).default("DMARC"),
  /** Family name of the Workspace user the stack creates. @default "Reports" */
  lastName: z.string().min(1).max(60).default("Reports"),
  /** Organizational unit of the user the stack creates; must exist. @default "/" */
  orgUnit: z.string().min(1).default("/"),
  /**
   * Take over a Workspace user with this address that already exists instead of failing. Its password is reset
   * (no one signs in to a reports mailbox; the API reads it).
   * @default false
   */
  adopt: z.boolean().default(false),
  /**
   * What removing `mailinfra:dmarcReports` (or changing the address) does to the user the stack created:
   * `suspend` keeps it and its reports; `delete` deletes them (restorable for 20 days at Google).
   * @default "suspend"
   */
  onDelete: z.enum(["suspend", "delete"]).default("suspend"),
});

export type DmarcReportsConfig = z.infer<typeof dmarcReportsInputSchema>;
