import { unansweredTargets } from "../../components/campaign-policy/campaign-policy";
import type { BlocklistFinding, HealthReport } from "../../health/signals";
import { PUBLIC_RESOLVERS } from "../../providers/readiness/default-resolvers";
import type { HealthFlags } from "./command-line";

/** What CI reads: the exit code and, when it is 1, one line per reason. */
export interface HealthVerdict {
  /**
   * 0: every threshold met; 1: `--fail-under` or `--fail-on-listing` not met (a listing, or a target no list gave
   * a verdict for). (2, bad usage, never comes from here.)
   */
  code: 0 | 1;
  reasons: string[];
}

/** How to get verdicts from lists that refuse the resolvers asked. */
const UNANSWERED_FIX = `Fix: set a Spamhaus DQS key (pulumi config set --secret --path 'mailinfra:health.spamhausDqsKey' <key>) or name a recursive resolver you run in mailinfra:health.blocklistResolvers (Spamhaus, URIBL and SURBL refuse the public resolvers ${PUBLIC_RESOLVERS.join(", ")})`;

/**
 * Applies `--fail-under` and `--fail-on-listing` to a report. With `--fail-on-listing`, a domain, tracking host or
 * sending IP fails when a list lists it, and also when no list gave a verdict for it (every answer `unknown`:
 * refused, error code, no answer); one list answering clean is enough, the others stay `unknown` in the report.
 */
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
      // A target no list gave a verdict for is not known to be clean: a nightly run asking through resolvers the
      // lists refuse would otherwise pass blind. One list answering is an answer (the campaign policy's rule).
      for (const { target, findings } of unansweredTargets(d.signals.blocklists)) {
        reasons.push(
          `${target} (${d.domain}): no blocklist gave a verdict (--fail-on-listing): ${findings.map(answerOf).join("; ")}. ${UNANSWERED_FIX}`,
        );
      }
    }
  }
  return { code: reasons.length > 0 ? 1 : 0, reasons };
}

/** `<list> answered <record> (<meaning>)` or `<list>: <why no answer>`, on one line. */
function answerOf(f: BlocklistFinding): string {
  const detail = f.detail.replace(/\s+/g, " ");
  return f.answer ? `${f.list} answered ${f.answer} (${detail})` : `${f.list}: ${detail}`;
}
