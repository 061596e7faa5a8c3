/**
 * What the demo prints: numbered step headings, the demo's own lines, and the engine's output indented under
 * a bar so it reads as a quote of `pulumi` inside the demo's story.
 */
export interface Transcript {
  step(title: string): void;
  line(text?: string): void;
  /**
   * An `onOutput` handler for the Automation API: the engine's lines that `keep` returns (possibly
   * rewritten), indented under a bar.
   */
  engine(keep?: (line: string) => string | undefined): (chunk: string) => void;
}

export function transcript(write: (text: string) => void = (t) => process.stdout.write(t)): Transcript {
  const started = Date.now();
  let steps = 0;
  return {
    step(title) {
      steps += 1;
      const at = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
      write(`\n[${at}s] ${steps}. ${title}\n`);
    },
    line(text = "") {
      write(text === "" ? "\n" : `  ${text}\n`);
    },
    engine(keep = (line) => line) {
      let pending = "";
      return (chunk) => {
        pending += chunk;
        const lines = pending.split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) {
          const shown = keep(line);
          if (shown !== undefined && shown.trim() !== "") write(`  │ ${shown.trimEnd()}\n`);
        }
      };
    },
  };
}
