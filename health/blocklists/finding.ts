import type { AddressObservation } from "../../providers/readiness/resolver-query";
import type { BlocklistFinding } from "../signals";
import type { Blocklist, BlocklistTarget } from "./blocklist";
import { DQS_KEY_SETTING } from "./dqs-key";

/** What the resolvers said to one lookup: the answer used, and the resolvers that gave none before it. */
export interface LookupOutcome {
  /** The first answer that was not a failure, else the last failure. */
  observation: AddressObservation;
  /** Resolvers that gave no usable answer (timeout, SERVFAIL, refused…), in the order asked. */
  failures: { resolver: string; code: string }[];
}

/**
 * Pure: one list's finding for one target from what the resolvers said, decoded per the list's documentation.
 * NXDOMAIN is clean; a documented listing code is listed; an error answer (query refused, public resolver,
 * excessive queries), an answer the documentation does not give, an empty answer and no answer at all are
 * `unknown`, never clean. When one answer holds several records (ZEN), an error among them makes it unknown, and
 * otherwise any documented listing makes it listed.
 * The detail names the zone, never the DQS key.
 * @param viaDqs whether the query went to Spamhaus's Data Query Service
 */
export function blocklistFinding(
  list: Blocklist,
  target: BlocklistTarget,
  outcome: LookupOutcome,
  viaDqs = false,
): BlocklistFinding {
  const base = { list: list.name, kind: list.kind, target: target.target, role: target.role };
  const where = viaDqs && list.dqsZone ? `${list.dqsZone} (DQS)` : list.zone;
  const asked = askedNote(list, target);
  const { observation } = outcome;
  switch (observation.kind) {
    case "nxdomain":
      return { ...base, status: "clean", detail: `not listed on ${where}${asked}` };
    case "nodata":
      return {
        ...base,
        status: "unknown",
        detail: `${where} answered without an A record (NOERROR, empty), which ${list.name}'s documentation does not give`,
      };
    case "failure":
      return { ...base, status: "unknown", detail: noAnswerDetail(where, outcome, viaDqs) };
    case "records": {
      const decoded = decodeRecords(list, observation.addresses, where);
      return decoded.status === "listed"
        ? {
            ...base,
            ...decoded,
            detail: `${decoded.detail}${asked}`,
            delistUrl: list.delistUrl(target.target),
          }
        : { ...base, ...decoded };
    }
  }
}

function decodeRecords(
  list: Blocklist,
  addresses: string[],
  where: string,
): Pick<BlocklistFinding, "status" | "answer" | "detail"> {
  const answer = addresses.join(", ");
  const meanings = addresses.map((address) => ({ address, meaning: list.meaning(address) }));
  const refusals = meanings.filter((m) => m.meaning.kind === "refusal");
  if (refusals.length > 0) {
    const text = refusals.map((m) => (m.meaning.kind === "refusal" ? m.meaning.text : "")).join("; ");
    return { status: "unknown", answer, detail: text };
  }
  const listings = meanings.filter((m) => m.meaning.kind === "listing");
  const undocumented = meanings.filter((m) => m.meaning.kind === "undocumented").map((m) => m.address);
  const strange = undocumented.length
    ? `${undocumented.join(", ")}, which ${list.name}'s documentation does not give`
    : "";
  if (listings.length === 0) return { status: "unknown", answer, detail: `${where} answered ${strange}` };
  const reasons = listings.map((m) => `${m.address}: ${m.meaning.kind === "listing" ? m.meaning.text : ""}`);
  return {
    status: "listed",
    answer,
    detail: `listed on ${list.name} (${reasons.join("; ")})${strange ? `; also answered ${strange}` : ""}`,
  };
}

function askedNote(list: Blocklist, target: BlocklistTarget): string {
  if (list.kind !== "domain" || !list.listedName) return "";
  const listed = list.listedName(target.target.toLowerCase());
  return listed === target.target.toLowerCase()
    ? ""
    : ` (asked for ${listed}: ${list.name} lists registered domains)`;
}

function noAnswerDetail(where: string, outcome: LookupOutcome, viaDqs: boolean): string {
  const tried = outcome.failures.map((f) => `${f.resolver} ${f.code}`).join(", ");
  const refused = outcome.failures.some((f) => f.code === "ESERVFAIL" || f.code === "EREFUSED");
  // https://docs.spamhaus.com/datasets/docs/source/70-access-methods/data-query-service/020-dqs-auth.html: a
  // service the key may not use is REFUSED by Spamhaus, which resolvers pass on as SERVFAIL; keys of terminated
  // contracts no longer work.
  const dqsHint =
    viaDqs && refused
      ? `; Spamhaus refuses a DQS key it does not know, one whose contract has ended or one not allowed this list (resolvers pass the refusal on as SERVFAIL): check ${DQS_KEY_SETTING} against the DQS key in your Spamhaus account and set it again with: pulumi config set --secret --path '${DQS_KEY_SETTING}' <key>`
      : "";
  return `no answer from ${where}: ${tried || "no resolver answered"}${dqsHint}`;
}
