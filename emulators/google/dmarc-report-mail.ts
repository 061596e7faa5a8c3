import { gzipSync, zipSync } from "fflate";
import type { IncomingMail } from "./gmail-mailbox";

/**
 * DMARC aggregate reports as receivers mail them (RFC 7489 §7.2.1.1,
 * https://www.rfc-editor.org/rfc/rfc7489#section-7.2.1.1: subject `Report Domain: <domain> Submitter: <submitter>
 * Report-ID: <id>`, the XML of appendix C attached as `<receiver>!<domain>!<begin>!<end>[!<id>].xml[.gz]`), in the
 * style of three large receivers, written by mailinfra after the shape of published samples (parsedmarc's
 * samples/aggregate, e.g. a Google report mail and an Outlook.com XML; none is copied):
 * - Google: zip attachment (application/zip), `org_name` google.com, `Report domain:` with a lower-case d;
 * - Yahoo: gzip attachment, `org_name` Yahoo, submitter Yahoo;
 * - Microsoft (Outlook.com): gzip attachment, `org_name` Outlook.com, submitter protection.outlook.com, no DKIM
 *   auth_results when there was no signature.
 */

export type DmarcReporter = "google" | "yahoo" | "microsoft";

/** One source's messages in a report. */
export interface DmarcReportRow {
  sourceIp: string;
  count: number;
  /** Aligned DKIM result (policy_evaluated). */
  dkim: "pass" | "fail";
  /** Aligned SPF result (policy_evaluated). */
  spf: "pass" | "fail";
}

export interface DmarcReportContent {
  /** The policy domain the report is about. */
  domain: string;
  begin: Date;
  end: Date;
  reportId: string;
  rows: DmarcReportRow[];
  /** The published policy the receiver saw. @default "none" */
  policy?: "none" | "quarantine" | "reject";
}

interface ReporterStyle {
  orgName: string;
  email: string;
  submitter: string;
  subjectPrefix: string;
  packing: "zip" | "gzip";
}

const STYLES: Record<DmarcReporter, ReporterStyle> = {
  google: {
    orgName: "google.com",
    email: "noreply-dmarc-support@google.com",
    submitter: "google.com",
    subjectPrefix: "Report domain",
    packing: "zip",
  },
  yahoo: {
    orgName: "Yahoo",
    email: "dmarchelp@yahooinc.com",
    submitter: "Yahoo",
    subjectPrefix: "Report Domain",
    packing: "gzip",
  },
  microsoft: {
    orgName: "Outlook.com",
    email: "dmarcreport@microsoft.com",
    submitter: "protection.outlook.com",
    subjectPrefix: "Report Domain",
    packing: "gzip",
  },
};

const unix = (date: Date) => Math.floor(date.getTime() / 1000);

/** The report's XML (RFC 7489 appendix C) as `reporter` writes it. */
export function aggregateReportXml(reporter: DmarcReporter, report: DmarcReportContent): string {
  const style = STYLES[reporter];
  const policy = report.policy ?? "none";
  const records = report.rows
    .map((row) => {
      const dkimAuth =
        reporter === "microsoft" && row.dkim === "fail"
          ? ""
          : `
      <dkim>
        <domain>${report.domain}</domain>
        <result>${row.dkim}</result>
        <selector>google</selector>
      </dkim>`;
      return `
  <record>
    <row>
      <source_ip>${row.sourceIp}</source_ip>
      <count>${row.count}</count>
      <policy_evaluated>
        <disposition>none</disposition>
        <dkim>${row.dkim}</dkim>
        <spf>${row.spf}</spf>
      </policy_evaluated>
    </row>
    <identifiers>
      <header_from>${report.domain}</header_from>
    </identifiers>
    <auth_results>${dkimAuth}
      <spf>
        <domain>${report.domain}</domain>
        <result>${row.spf}</result>
      </spf>
    </auth_results>
  </record>`;
    })
    .join("");
  return `<?xml version="1.0" encoding="UTF-8" ?>
<feedback>
  <version>1.0</version>
  <report_metadata>
    <org_name>${style.orgName}</org_name>
    <email>${style.email}</email>
    <report_id>${report.reportId}</report_id>
    <date_range>
      <begin>${unix(report.begin)}</begin>
      <end>${unix(report.end)}</end>
    </date_range>
  </report_metadata>
  <policy_published>
    <domain>${report.domain}</domain>
    <adkim>r</adkim>
    <aspf>r</aspf>
    <p>${policy}</p>
    <sp>${policy}</sp>
    <pct>100</pct>
  </policy_published>${records}
</feedback>
`;
}

/** The mail `reporter` sends to the reports mailbox: RFC 7489 §7.2.1.1's subject, the report zipped or gzipped. */
export function aggregateReportMail(
  reporter: DmarcReporter,
  to: string,
  report: DmarcReportContent,
): IncomingMail {
  const style = STYLES[reporter];
  const xml = new TextEncoder().encode(aggregateReportXml(reporter, report));
  const stem = `${style.submitter}!${report.domain}!${unix(report.begin)}!${unix(report.end)}`;
  const attachment =
    style.packing === "zip"
      ? { filename: `${stem}.zip`, mimeType: "application/zip", data: zipSync({ [`${stem}.xml`]: xml }) }
      : { filename: `${stem}.xml.gz`, mimeType: "application/gzip", data: gzipSync(xml) };
  return {
    from: style.email,
    to,
    subject: `${style.subjectPrefix}: ${report.domain} Submitter: ${style.submitter} Report-ID: ${report.reportId}`,
    // Reports are sent after the period they cover.
    date: new Date(report.end.getTime() + 3_600_000),
    text: `This is an aggregate report from ${style.orgName}.`,
    attachments: [attachment],
  };
}
