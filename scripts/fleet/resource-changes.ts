/**
 * Pure: what a stack's run changed, from the engine's "Resources:" summary (the last one: `up` prints its
 * preview's, then the update's), e.g. `+ 3 created`, `~ 1 updated`, `12 unchanged`.
 */
export interface ResourceChanges {
  /** Each count line of the summary but `unchanged`, as the engine prints it (`+ 3 created`). */
  changed: string[];
  unchanged: number;
}

/** The last summary in `output`, or undefined when the run printed none (`cancel`, or a run that failed early). */
export function lastResourceChanges(output: string): ResourceChanges | undefined {
  const lines = output.split("\n");
  const starts = lines.flatMap((line, i) => (/^\s*Resources:\s*$/.test(line) ? [i] : []));
  const start = starts.at(-1) ?? -1;
  if (start < 0) return undefined;
  const changed: string[] = [];
  let unchanged = 0;
  for (const line of lines.slice(start + 1)) {
    const text = line.trim();
    if (text === "") break;
    const same = /^(\d+) unchanged$/.exec(text);
    if (same) unchanged = Number(same[1]);
    else if (/\d/.test(text)) changed.push(text.replace(/^([+~-]+)\s*/, "$1"));
  }
  return { changed, unchanged };
}

/** `+3 created, ~1 updated`, `no changes (12 unchanged)`, or `-` when there is no summary. */
export function describeChanges(changes: ResourceChanges | undefined): string {
  if (!changes) return "-";
  if (changes.changed.length === 0) return `no changes (${changes.unchanged} unchanged)`;
  return changes.changed.join(", ");
}
