import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { program as mailinfraProgram } from "../components/program";
import { type BenchStack, benchStack } from "./bench-stack";
import type { BenchWorld } from "./bench-world";
import { benchFleet } from "./fleet";
import { type MemoryPeaks, sampleMemory } from "./process-memory";
import { readTrace, splitTime, type TimeSplit } from "./provider-trace";

export interface PreviewMeasurement {
  domains: number;
  /** Absent in results recorded before it was a setting (3). */
  mailboxesPerDomain?: number;
  wallMs: number;
  ok: boolean;
  error?: string;
  time: TimeSplit;
  memory: MemoryPeaks;
  /** Resources the preview plans to create. */
  creates?: number;
}

/** The real program, the function index.ts exports, inline so one process can run it for every operation. */
const program: PulumiFn = mailinfraProgram as PulumiFn;

/**
 * `pulumi preview` of a fresh stack declaring `domains` domains of `mailboxes` mailboxes each: planning only, no
 * API call changes anything.
 */
export async function runPreview(
  bw: BenchWorld,
  domains: number,
  mailboxes: number,
): Promise<PreviewMeasurement> {
  const traceDir = fs.mkdtempSync(path.join(os.tmpdir(), "mailinfra-bench-trace-"));
  const trace = path.join(traceDir, "preview.jsonl");
  let t: BenchStack | undefined;
  try {
    try {
      t = await benchStack({
        program,
        config: bw.stackConfig(benchFleet(domains, bw.campaignId, mailboxes)),
        env: { MAILINFRA_TRACE: trace },
      });
    } catch (error) {
      throw new Error(`setting up the stack: ${(error as Error).message.split("\n")[0].slice(0, 200)}`);
    }
    const memory = sampleMemory();
    const start = Date.now();
    let error: string | undefined;
    let creates: number | undefined;
    try {
      const result = await t.stack.preview({ color: "never" });
      creates = result.changeSummary.create;
    } catch (e) {
      error = (e instanceof Error ? e.message : String(e)).slice(0, 4000);
    }
    const end = Date.now();
    return {
      domains,
      mailboxesPerDomain: mailboxes,
      wallMs: end - start,
      ok: error === undefined,
      ...(error ? { error } : {}),
      time: splitTime(readTrace(trace), start, end),
      memory: memory.stop(),
      ...(creates === undefined ? {} : { creates }),
    };
  } finally {
    await t?.dispose().catch(() => {});
    fs.rmSync(traceDir, { recursive: true, force: true });
  }
}
