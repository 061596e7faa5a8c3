import { configError, configPath, configWarning } from "../config/issue";
import { writtenSetting } from "../config/provenance";
import type { DomainConfig, MailinfraConfig } from "../config/schema";
import { needsReportAuthorization, reportAuthorizationName } from "../dns/dmarc";
import { usernameProblem } from "./mailbox-names";
import type { ConfigRule } from "./rule";

/** Whether the domain at `index` writes (or inherits from mailinfra:defaults) its own `dmarc.rua`. */
export function writesOwnRua(domain: DomainConfig, index: number): boolean {
  return writtenSetting(domain, index, ["dmarc", "rua"]).value !== undefined;
}

const SET_MAILBOX =
  "pulumi config set --path 'mailinfra:dmarcReports.mailbox' dmarc-reports@<one of your domains>";

/**
 * The stack's DMARC reports mailbox (components/config/dmarc-reports.ts), checked once for the whole stack:
 * - not declared while domains rely on it: one warning (not one per domain) that reports are not collected;
 * - on a domain outside the stack: receivers send reports there only if that domain authorizes them
 *   (RFC 7489 §7.1, https://www.rfc-editor.org/rfc/rfc7489#section-7.1), which this stack cannot publish;
 * - on a domain of the stack that is not Google Workspace: not created, and `npm run health` cannot read it
 *   (it reads through the Gmail API);
 * - on a Google Workspace domain, with a username Google refuses or without `mailinfra:google`: it cannot be
 *   created.
 */
export const dmarcReportsRule: ConfigRule = (config: MailinfraConfig) => {
  const relying = config.domains.filter((domain, index) => !writesOwnRua(domain, index));
  const reports = config.dmarcReports;
  if (reports === undefined) {
    if (relying.length === 0) return [];
    return [
      configWarning(
        configPath(["dmarcReports"]),
        `is not set, so ${relying.length === 1 ? `${relying[0].name} publishes` : `${relying.length} domains publish`} no rua: receivers send no DMARC aggregate reports and npm run health cannot show who sends as your domains`,
        `Name a reports mailbox: ${SET_MAILBOX} (on a Google Workspace domain of this stack, the stack creates it).`,
      ),
    ];
  }
  const at = configPath(["dmarcReports", "mailbox"]);
  const reportsDomain = reports.mailbox.split("@")[1] ?? "";
  const home = config.domains.find((domain) => domain.name === reportsDomain);
  // One Workspace user would then have two owners in the state: the sending mailbox's user and the reports
  // mailbox's; moving the address from one to the other in one edit would suspend (or, with onDelete: delete,
  // delete) the user the other still uses. And a reports mailbox connected to Smartlead gets warmup mail.
  const sending =
    home?.mailboxes.findIndex((m) => m.address.toLowerCase() === reports.mailbox.toLowerCase()) ?? -1;
  if (home !== undefined && sending >= 0) {
    return [
      configError(
        at,
        `is ${reports.mailbox}, which domains[${config.domains.indexOf(home)}].mailboxes[${sending}] also declares as a sending mailbox: the reports mailbox must be a mailbox that sends nothing (Smartlead's warmup would fill it, and one user cannot belong to both)`,
        `Name an address no mailbox sends from, e.g. dmarc-reports@${reportsDomain}.`,
      ),
    ];
  }
  if (home === undefined) {
    const unauthorized = relying.filter((domain) => needsReportAuthorization(domain.name, reportsDomain));
    if (unauthorized.length === 0) return [];
    const names = unauthorized.map((domain) => reportAuthorizationName(domain.name, reportsDomain));
    return [
      configWarning(
        at,
        `is on ${reportsDomain}, outside this stack: receivers drop the reports of ${unauthorized.length} domain(s) unless ${reportsDomain} publishes TXT "v=DMARC1" at ${names.length === 1 ? names[0] : `${names[0]} and ${names.length - 1} more like it`}; the stack does not create this mailbox`,
        `Publish TXT "v=DMARC1" at *._report._dmarc.${reportsDomain} (or one record per domain) at ${reportsDomain}'s DNS host, or move the mailbox to a Google Workspace domain of this stack.`,
      ),
    ];
  }
  if (home.platform.kind !== "google-workspace") {
    return [
      configWarning(
        at,
        `is on ${reportsDomain}, whose platform is ${home.platform.kind}: the stack does not create it there and npm run health, which reads reports through the Gmail API, cannot read it`,
        `Create the mailbox on ${home.platform.kind} yourself and read its reports there, or move it to a Google Workspace domain of this stack.`,
      ),
    ];
  }
  const username = usernameProblem(reports.mailbox.split("@")[0] ?? "");
  if (username !== undefined) {
    return [
      configError(
        at,
        `cannot be created on Google Workspace: its username ${username.problem}`,
        username.fix,
      ),
    ];
  }
  if (config.google === undefined) {
    return [
      configError(
        at,
        `is on the Google Workspace domain ${reportsDomain}, but mailinfra:google is not set, so it cannot be created`,
        "Set mailinfra:google (adminEmail and the secret serviceAccountKey, see stacks/Pulumi.example.yaml), or remove mailinfra:dmarcReports.",
      ),
    ];
  }
  return [];
};
