import { Gunzip, Unzip, UnzipInflate } from "fflate";
import { DmarcReportError } from "./aggregate-report";
import { DMARC_REPORT_LIMITS } from "./report-limits";

/**
 * How an aggregate report is attached (RFC 7489 §7.2.1.1, https://www.rfc-editor.org/rfc/rfc7489#section-7.2.1.1:
 * gzip is the documented compression; reporters also send zip — Google — or plain XML), told by the file name,
 * else the MIME type, else the first bytes.
 */
export type ReportPacking = "xml" | "gzip" | "zip";

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const GZIP_MAGIC = [0x1f, 0x8b];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** The packing of an attachment named `filename` of type `mimeType`; undefined when it is no report. */
export function reportPacking(
  filename: string,
  mimeType: string,
  bytes?: Uint8Array,
): ReportPacking | undefined {
  const name = filename.toLowerCase();
  if (name.endsWith(".zip")) return "zip";
  if (name.endsWith(".gz") || name.endsWith(".gzip")) return "gzip";
  if (name.endsWith(".xml")) return "xml";
  const type = mimeType.toLowerCase();
  if (/zip/.test(type) && !/gzip/.test(type)) return "zip";
  if (/gzip/.test(type)) return "gzip";
  if (/xml/.test(type)) return "xml";
  if (bytes && startsWith(bytes, ZIP_MAGIC)) return "zip";
  if (bytes && startsWith(bytes, GZIP_MAGIC)) return "gzip";
  return undefined;
}

const decoder = new TextDecoder("utf-8", { fatal: false });

/** Inflated chunks, stopped as soon as their total passes the XML limit (a zip or gzip bomb never fills memory). */
class BoundedOutput {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;
  add(chunk: Uint8Array): void {
    this.size += chunk.length;
    if (this.size > DMARC_REPORT_LIMITS.xmlBytes) {
      throw new DmarcReportError(`decompresses to more than ${DMARC_REPORT_LIMITS.xmlBytes} bytes`);
    }
    this.chunks.push(chunk);
  }
  text(): string {
    const all = new Uint8Array(this.size);
    let at = 0;
    for (const chunk of this.chunks) {
      all.set(chunk, at);
      at += chunk.length;
    }
    return decoder.decode(all);
  }
}

function gunzipBounded(bytes: Uint8Array): string {
  const out = new BoundedOutput();
  const gunzip = new Gunzip((chunk) => out.add(chunk));
  try {
    gunzip.push(bytes, true);
  } catch (error) {
    if (error instanceof DmarcReportError) throw error;
    throw new DmarcReportError(`not a readable gzip file (${(error as Error).message})`);
  }
  return out.text();
}

/** The one `.xml` member of a zip (reporters put exactly one there). */
function unzipBounded(bytes: Uint8Array): string {
  const out = new BoundedOutput();
  const members: string[] = [];
  let failure: unknown;
  const unzip = new Unzip((file) => {
    members.push(file.name);
    if (!file.name.toLowerCase().endsWith(".xml") || members.filter((n) => /\.xml$/i.test(n)).length > 1)
      return;
    file.ondata = (error, chunk) => {
      if (failure) return;
      try {
        if (error) throw error;
        out.add(chunk);
      } catch (caught) {
        failure = caught;
        file.terminate();
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    unzip.push(bytes, true);
  } catch (error) {
    throw new DmarcReportError(`not a readable zip file (${(error as Error).message})`);
  }
  if (failure instanceof DmarcReportError) throw failure;
  if (failure) throw new DmarcReportError(`not a readable zip file (${(failure as Error).message})`);
  const xml = members.filter((n) => /\.xml$/i.test(n));
  if (xml.length !== 1) {
    throw new DmarcReportError(
      `the zip holds ${xml.length} XML files (${members.slice(0, 5).join(", ") || "nothing"}), not the one report it should`,
    );
  }
  return out.text();
}

/** The report XML inside an attachment, decompressed within the limits; `DmarcReportError` when it cannot be. */
export function reportXml(bytes: Uint8Array, packing: ReportPacking): string {
  if (bytes.length > DMARC_REPORT_LIMITS.attachmentBytes) {
    throw new DmarcReportError(`the attachment is larger than ${DMARC_REPORT_LIMITS.attachmentBytes} bytes`);
  }
  if (packing === "gzip") return gunzipBounded(bytes);
  if (packing === "zip") return unzipBounded(bytes);
  if (bytes.length > DMARC_REPORT_LIMITS.xmlBytes) {
    throw new DmarcReportError(`the XML is larger than ${DMARC_REPORT_LIMITS.xmlBytes} bytes`);
  }
  return decoder.decode(bytes);
}
