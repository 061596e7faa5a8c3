import type { Registrar } from "../../components/registrars/registrar";
import { checkLabel } from "./readiness-check";
import type { CheckStatus, ReadinessStatus } from "./readiness-status";
import type { Verdict } from "./record-match";
import { DEFAULT_RECORD_FORM, formatForRegistrar } from "./registrar-form";
import { READINESS_TIMEOUT_CONFIG_KEY, READINESS_TIMEOUT_MINUTES } from "./timeout";

/** `850ms`, `2.4s`, `42s`, `3m05s`, `1h02m`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

function describeVerdict(verdict: Verdict): string {
  switch (verdict.state) {
    case "present":
      return "present";
    case "missing":
      return `missing — ${verdict.detail}`;
    case "wrong":
      return `wrong — ${verdict.detail}`;
    case "no-answer":
      return `no answer — ${verdict.detail}`;
    case "pending":
      return "not answered yet";
  }
}

/** Long enough to tell records apart; the registrar lines carry the whole value. */
const LABEL_VALUE_LENGTH = 60;

/** Lines for one check that is not ready: the check, then each resolver that does not serve it. */
function describeUnready(status: CheckStatus, resolverCount: number): string[] {
  return [
    `  ${checkLabel(status.check, LABEL_VALUE_LENGTH)}  (on ${status.presentOn} of ${resolverCount} resolvers)`,
    ...status.verdicts
      .filter((v) => v.verdict.state !== "present")
      .map((v) => `    ${v.resolver}: ${describeVerdict(v.verdict)}`),
  ];
}

/** What a person must create or fix: only checks some resolver reports missing or wrong. */
function registrarActions(domain: string, status: ReadinessStatus, recordForm: Registrar): string[] {
  const lines: string[] = [];
  for (const s of status.checks) {
    if (s.ready) continue;
    if (!s.verdicts.some((v) => v.verdict.state === "missing" || v.verdict.state === "wrong")) continue;
    if (s.check.kind === "delegation") {
      lines.push(
        `  NS    set the nameservers of ${s.check.domain} at your registrar to ${s.check.nameservers.join(", ")}`,
      );
    } else {
      lines.push(`  ${formatForRegistrar(s.check.record, domain, recordForm)}`);
    }
  }
  return lines;
}

function silentResolvers(status: ReadinessStatus): string[] {
  return status.perResolver.flatMap((r) =>
    r.noAnswer && r.ready === 0 ? [`${r.resolver} (${r.noAnswer})`] : [],
  );
}

export function formatStartLine(
  domain: string,
  checkCount: number,
  resolvers: string[],
  quorumDescription: string,
  timeoutMs: number,
): string {
  return (
    `${domain}: waiting for ${checkCount} DNS record${checkCount === 1 ? "" : "s"} on ${resolvers.join(", ")}; ` +
    `each must be served by ${quorumDescription}; giving up after ${formatDuration(timeoutMs)}`
  );
}

/** One line: records ready on the quorum, per resolver, elapsed, and an estimate. */
export function formatStatusLine(
  domain: string,
  status: ReadinessStatus,
  elapsedMs: number,
  remainingMs: number | undefined,
): string {
  const ready = status.checks.filter((c) => c.ready).length;
  const perResolver = status.perResolver.map(
    (r) => `${r.resolver} ${r.ready}/${r.total}${r.noAnswer ? ` (no answer: ${r.noAnswer})` : ""}`,
  );
  const estimate =
    remainingMs === undefined
      ? "no estimate until a record appears"
      : `about ${formatDuration(remainingMs)} left at this pace`;
  return [
    `${domain}: ${ready}/${status.checks.length} records ready on the quorum`,
    ...perResolver,
    `${formatDuration(elapsedMs)} elapsed`,
    estimate,
  ].join(" · ");
}

/** While waiting: every record not yet ready, where it is missing or wrong, and the exact form to create it in. */
export function formatWaitingList(
  domain: string,
  status: ReadinessStatus,
  recordForm: Registrar = DEFAULT_RECORD_FORM,
): string[] {
  const unready = status.checks.filter((c) => !c.ready);
  if (unready.length === 0) return [];
  const actions = registrarActions(domain, status, recordForm);
  return [
    `${domain}: still waiting for ${unready.length} record${unready.length === 1 ? "" : "s"}:`,
    ...unready.flatMap((s) => describeUnready(s, status.perResolver.length)),
    ...(actions.length > 0 ? [`${domain}: create or fix at your registrar or DNS host:`, ...actions] : []),
  ];
}

export function formatReadyLine(domain: string, status: ReadinessStatus, elapsedMs: number): string {
  return `${domain}: all ${status.checks.length} records ready on the quorum after ${formatDuration(elapsedMs)} (${status.perResolver
    .map((r) => `${r.resolver} ${r.ready}/${r.total}`)
    .join(", ")})`;
}

/** Whole minutes as they are configured; a gate built with seconds directly shows up to two decimals. */
function minutes(ms: number): string {
  return String(Math.round((ms / 60_000) * 100) / 100);
}

/** The error `up` fails with: exactly which records are missing or wrong on which resolvers, and what to do. */
export function formatTimeoutMessage(
  domain: string,
  status: ReadinessStatus,
  timeoutMs: number,
  quorumDescription: string,
  recordForm: Registrar = DEFAULT_RECORD_FORM,
): string {
  const unready = status.checks.filter((c) => !c.ready);
  const actions = registrarActions(domain, status, recordForm);
  const silent = silentResolvers(status);
  return [
    `DNS records for ${domain} not ready after ${formatDuration(timeoutMs)}: ${unready.length} of ${status.checks.length} are not served by ${quorumDescription}.`,
    ...unready.flatMap((s) => describeUnready(s, status.perResolver.length)),
    ...(actions.length > 0 ? ["Create or fix at your registrar or DNS host:", ...actions] : []),
    ...(silent.length > 0
      ? [
          `Resolvers that gave no usable answer: ${silent.join(", ")}; check they are reachable, or lower the quorum.`,
        ]
      : []),
    // With --continue-on-error the engine goes on with every resource that does not depend on this gate
    // (https://www.pulumi.com/docs/iac/cli/commands/pulumi_up/, https://github.com/pulumi/pulumi/pull/15740).
    `Once they are served, run \`pulumi up\` again: ${domain} goes on from here. With --continue-on-error, the other domains do not wait for it.`,
    `To wait longer, raise ${READINESS_TIMEOUT_CONFIG_KEY} (now ${minutes(timeoutMs)}, at most ${READINESS_TIMEOUT_MINUTES.max}).`,
  ].join("\n");
}
