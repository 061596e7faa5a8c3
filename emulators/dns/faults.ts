import type { Answer } from "dns-packet";

/**
 * Misbehaviour a test can switch on for one server at any time; every query reads the current
 * values. Closing the port entirely is `DnsServer.closePort()`, since that needs the sockets.
 */
export interface DnsFaults {
  /** Swallow every query: clients time out. */
  down: boolean;
  /** Fraction (0–1) of queries silently dropped. */
  dropRate: number;
  /** Fraction (0–1) of answers whose TXT content is altered (the tail of the last string). */
  corruptRate: number;
  /** Answer SERVFAIL to every query. */
  servfail: boolean;
  /** Milliseconds added before each answer. */
  latencyMs: number;
}

export function healthyFaults(): DnsFaults {
  return { down: false, dropRate: 0, corruptRate: 0, servfail: false, latencyMs: 0 };
}

/** What the server does with one query under the current faults. */
export type FaultDecision =
  | { action: "ignore" }
  | { action: "servfail" }
  | { action: "answer"; corrupt: boolean };

export function decideFault(faults: DnsFaults, random: () => number): FaultDecision {
  if (faults.down) return { action: "ignore" };
  if (faults.dropRate > 0 && random() < faults.dropRate) return { action: "ignore" };
  if (faults.servfail) return { action: "servfail" };
  return { action: "answer", corrupt: faults.corruptRate > 0 && random() < faults.corruptRate };
}

/**
 * A plausible corruption: the record keeps its shape (`v=spf1 …`, `google-site-verification=…`)
 * but its last characters are wrong, so a checker must compare the whole value to notice.
 */
export function corruptTxtAnswers(answers: Answer[]): Answer[] {
  return answers.map((answer) => {
    if (answer.type !== "TXT") return answer;
    const raw = Array.isArray(answer.data) ? answer.data : [answer.data];
    const strings = raw.map((d) => (Buffer.isBuffer(d) ? d.toString("utf8") : d));
    const last = strings.length - 1;
    const tail = strings[last]!;
    const cut = Math.min(4, tail.length);
    strings[last] = tail.slice(0, tail.length - cut) + "#".repeat(Math.max(cut, 1));
    return { ...answer, data: strings.map((s) => Buffer.from(s)) };
  });
}
