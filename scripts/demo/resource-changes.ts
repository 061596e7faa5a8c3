import type { EngineEvent, OpType } from "@pulumi/pulumi/automation";

/** One resource the engine changed (or plans to change), with what changed in its outputs. */
export interface ResourceChange {
  op: OpType;
  /** Short type: `WorkspaceUser`, `DnsReadiness`, `MailDomain`. */
  type: string;
  /** The resource name, e.g. `jane.doe@acme-outreach.test-user`. */
  name: string;
  /** `path: before → after` per changed output value; secrets are never compared or shown. */
  changes: string[];
}

/** Values that change on every read and say nothing about drift. */
const volatileKeys = new Set(["checkedAt"]);

/**
 * The resources a run changed, from its engine events: finished steps (`resOutputsEvent`) for `up`, `refresh`
 * and `destroy`, planned steps (`resourcePreEvent`) for `preview`. Unchanged resources and the stack are left out.
 */
export function resourceChanges(events: EngineEvent[], source: "planned" | "finished"): ResourceChange[] {
  const changes: ResourceChange[] = [];
  for (const event of events) {
    const meta = source === "planned" ? event.resourcePreEvent?.metadata : event.resOutputsEvent?.metadata;
    if (!meta || meta.op === "same" || meta.op === "read" || meta.type === "pulumi:pulumi:Stack") continue;
    changes.push({
      op: meta.op,
      type: meta.type.split(":").pop() ?? meta.type,
      name: meta.urn.split("::").pop() ?? meta.urn,
      changes: valueChanges(meta.old?.outputs, meta.new?.outputs),
    });
  }
  return changes.sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
}

/** `path: before → after` for every leaf that differs, in key order. */
export function valueChanges(before: unknown, after: unknown, path = ""): string[] {
  if (isSecret(before) || isSecret(after)) return [];
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys
      .filter((key) => !(path === "" && volatileKeys.has(key)))
      .flatMap((key) => valueChanges(before[key], after[key], path ? `${path}.${key}` : key));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((item, i) => valueChanges(item, after[i], `${path}[${i}]`));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [`${path}: ${render(before)} → ${render(after)}`];
}

/** A short rendering; a list of unready records shows the records themselves. */
function render(value: unknown): string {
  if (value === undefined) return "(none)";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const labels = value.map((item) =>
      isRecord(item) && typeof item.record === "string" ? item.record : undefined,
    );
    if (labels.every((l) => l !== undefined)) return `[${labels.join("; ")}]`;
    return `[${value.length} item${value.length === 1 ? "" : "s"}]`;
  }
  if (isRecord(value)) return "{…}";
  const text = JSON.stringify(value);
  return text.length > 70 ? `${text.slice(0, 67)}…"` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Engine events carry secret values as this marker (or as a secret envelope), never in clear. */
function isSecret(value: unknown): boolean {
  return (
    value === "[secret]" ||
    (isRecord(value) && value["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270")
  );
}
