/**
 * What the demo keeps of the engine's output. The engine prints every step, the whole `domains` output and
 * each readiness message twice (live, then under "Diagnostics:"); the demo prints its own summary, so it keeps
 * the resource steps, the gate's headline lines and the change counts. Pure: one line in, zero or one out.
 */
export type EngineView =
  /** `preview`, `up`, `destroy`: resource steps, readiness headlines, the resource counts. */
  | "progress"
  /** `refresh`: only resources that changed, and the counts. */
  | "refresh"
  /** `preview --diff`: per changed resource its name and the changed property lines, and the counts. */
  | "diff";

const dynamicPrefix = /pulumi-nodejs:dynamic\/mailinfra:/g;
const readinessTag = "[mailinfra readiness]";

export function engineLineFilter(view: EngineView): (line: string) => string | undefined {
  let skipping = false;
  let pendingHeader: { marker: string; type: string; op: string } | undefined;
  let inChangedBlock = false;
  let inCounts = false;

  return (raw) => {
    const line = raw.trimEnd().replace(dynamicPrefix, "mailinfra:");
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("@ ")) return undefined;
    // Blocks the demo shows in its own words: the outputs (summary table) and repeated diagnostics.
    if (/^(Outputs:|Diagnostics:|--outputs:--)$/.test(trimmed)) {
      skipping = true;
      return undefined;
    }
    if (/^Resources:$/.test(trimmed)) {
      skipping = false;
      inChangedBlock = false;
      inCounts = true;
      return line;
    }
    if (skipping) return undefined;
    if (/^(The resources in the stack have been deleted|If you want to remove the stack)/.test(trimmed)) {
      return undefined; // the demo removes the stack itself
    }
    if (inCounts) return line;

    const tag = line.indexOf(readinessTag);
    if (tag >= 0) {
      if (view !== "progress") return undefined;
      const text = line.slice(tag + readinessTag.length);
      // Kept: when a gate starts waiting, and when it opens or gives up. Dropped: the per-poll counts and
      // the indented per-record, per-resolver details (the demo's registrar line says what it publishes).
      if (
        /^\s{2,}/.test(text) ||
        text.trimEnd().endsWith(":") ||
        / records ready on the quorum · /.test(text)
      ) {
        return undefined;
      }
      return `      readiness: ${text.trim()}`;
    }

    // A step's start line; its end line ("created (3s)") follows. Lines carrying a message after the status
    // (an error, a warning) are kept.
    if (/ (creating|updating|deleting|refreshing|replacing) \([\d.]+m?s\)$/.test(line)) return undefined;

    // A resource named with no step: unchanged (refresh), or the stack closing.
    if (/^\s+\S+:\S+ \S+( running)?$/.test(line)) return undefined;
    if (view === "refresh") return line;

    if (view === "diff") {
      const header = /^\s*([~+-]{1,2})?\s*(\S+): \((\w[\w-]*)\)$/.exec(line);
      if (header) {
        const [, marker = "", type, op] = header;
        pendingHeader = op === "same" ? undefined : { marker, type, op };
        inChangedBlock = false;
        return undefined;
      }
      const urn = /^\s*\[urn=.*::([^:]+)\]$/.exec(line);
      if (urn) {
        if (!pendingHeader) return undefined;
        const { marker, type, op } = pendingHeader;
        pendingHeader = undefined;
        inChangedBlock = true;
        return `    ${marker} ${type} ${urn[1]} (${op})`;
      }
      if (/^\s*\[id=/.test(line)) return undefined;
      if (/^Previewing /.test(trimmed)) return line;
      if (inChangedBlock && /^\s*([~+-]|\+-|-\+) /.test(line)) return line;
      return undefined;
    }
    return line;
  };
}
