import type { HealthReport } from "../../health/signals";
import type { HealthFlags } from "./command-line";

/** What CI reads: the exit code and, when it is 1, one line per reason. */
export interface HealthVerdict {
  /** 0: every threshold met; 1: `--fail-under` or `--fail-on-listing` not met. (2, bad usage, never comes from here.) */
  code: 0 | 1;
  reasons: string[];
}

/** Applies `--fail-under` and `--fail-on-listing` to a report. */
export function healthVerdict(
  report: HealthReport,
  flags: Pick<HealthFlags, "failUnder" | "failOnListing">,
): HealthVerdict {
  const reasons: string[] = [];
  if (flags.failUnder !== undefined) {
    for (const d of report.domains) {
      if (d.score < flags.failUnder)
        reasons.push(`${d.domain} scores ${d.score}, under --fail-under ${flags.failUnder}`);
    }
  }
  if (flags.failOnListing) {
    for (const d of report.domains) {
      for (const f of d.signals.blocklists) {
        if (f.status === "listed") {
          reasons.push(
            `${f.target} (${d.domain}) is listed on ${f.list} (--fail-on-listing)${f.delistUrl ? `: delist at ${f.delistUrl}` : ""}`,
          );
        }
      }
    }
  }
  return { code: reasons.length > 0 ? 1 : 0, reasons };
}
