import { XMLParser, XMLValidator } from "fast-xml-parser";
import { z } from "zod";
import { DMARC_REPORT_LIMITS } from "./report-limits";

/**
 * One DMARC aggregate report (RFC 7489 appendix C, https://www.rfc-editor.org/rfc/rfc7489#appendix-C; the same
 * `feedback` document RFC 9990 keeps, in the namespace urn:ietf:params:xml:ns:dmarc-2.0), reduced to what the
 * health report shows. `policy_evaluated` is the receiver's DMARC verdict per source: `dkim`/`spf` there are the
 * *aligned* results (RFC 7489 §6.6.2), which is what DMARC passes on.
 */
export interface AggregateReport {
  /** `report_metadata/org_name`. @example "google.com" */
  reporter: string;
  /** `report_metadata/report_id`, unique per reporter. */
  reportId: string;
  /** `report_metadata/date_range`, from Unix seconds. */
  begin: Date;
  end: Date;
  /** `policy_published/domain`, lower case: the domain the report is about. */
  domain: string;
  records: AggregateRecord[];
}

/** One `record/row`: messages from one source with one outcome. */
export interface AggregateRecord {
  sourceIp: string;
  count: number;
  /** `policy_evaluated/dkim`: aligned DKIM passed. */
  dkimAligned: boolean;
  /** `policy_evaluated/spf`: aligned SPF passed. */
  spfAligned: boolean;
}

/** Why a report was not used, one line a person can act on. */
export class DmarcReportError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "DmarcReportError";
  }
}

const text = z.union([z.string(), z.number()]).transform((v) => String(v).trim());
const unixSeconds = text.pipe(z.string().regex(/^\d{1,12}$/, { error: "must be Unix seconds" }));
const result = text.transform((v) => v.toLowerCase());

const recordSchema = z.object({
  row: z.object({
    source_ip: text.pipe(z.string().min(1, { error: "is empty" })),
    count: text.pipe(z.string().regex(/^\d{1,12}$/, { error: "must be a whole number" })).transform(Number),
    policy_evaluated: z.object({ dkim: result, spf: result }),
  }),
});

const feedbackSchema = z.object({
  feedback: z.object({
    report_metadata: z.object({
      org_name: text.pipe(z.string().min(1, { error: "is empty" })),
      report_id: text.pipe(z.string().min(1, { error: "is empty" })),
      date_range: z.object({ begin: unixSeconds, end: unixSeconds }),
    }),
    policy_published: z.object({ domain: text.pipe(z.string().min(1, { error: "is empty" })) }),
    record: z.array(recordSchema).max(DMARC_REPORT_LIMITS.records, {
      error: `has more than ${DMARC_REPORT_LIMITS.records} records`,
    }),
  }),
});

const parser = new XMLParser({
  // Element names without their namespace prefix; RFC 9990's default namespace needs no handling.
  removeNSPrefix: true,
  ignoreAttributes: true,
  // Values stay strings: zod decides what is a number.
  parseTagValue: false,
  isArray: (name) => name === "record",
  // Only XML's five predefined entities: documents with a DOCTYPE are refused before parsing.
  processEntities: true,
  htmlEntities: false,
  maxNestedTags: 20,
});

/**
 * Parses one report's XML. Throws `DmarcReportError` with the reason for anything that is not a well-formed
 * aggregate report: not XML, a DOCTYPE (entity declarations: a report never needs one, and entity expansion is
 * how XML bombs work), a missing or malformed element. Never returns a half-read report.
 */
export function parseAggregateReport(xml: string): AggregateReport {
  if (xml.length > DMARC_REPORT_LIMITS.xmlBytes) {
    throw new DmarcReportError(`the XML is larger than ${DMARC_REPORT_LIMITS.xmlBytes} bytes`);
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw new DmarcReportError("the XML declares a DOCTYPE or entities, which no aggregate report carries");
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new DmarcReportError(`not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  }
  let document: unknown;
  try {
    document = parser.parse(xml);
  } catch (error) {
    throw new DmarcReportError(
      `not readable XML (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const parsed = feedbackSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.filter((p) => typeof p === "string").join("/");
    throw new DmarcReportError(`not an RFC 7489 aggregate report: <${where}> ${issue.message}`);
  }
  const { report_metadata: meta, policy_published: policy, record } = parsed.data.feedback;
  return {
    reporter: meta.org_name,
    reportId: meta.report_id,
    begin: new Date(Number(meta.date_range.begin) * 1000),
    end: new Date(Number(meta.date_range.end) * 1000),
    domain: policy.domain.toLowerCase().replace(/\.$/, ""),
    records: record.map(({ row }) => ({
      sourceIp: row.source_ip,
      count: row.count,
      dkimAligned: row.policy_evaluated.dkim === "pass",
      spfAligned: row.policy_evaluated.spf === "pass",
    })),
  };
}
