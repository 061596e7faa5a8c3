/**
 * Where a Workspace resource's wait lines go: stderr of the dynamic-provider process, which the engine shows
 * beside the resource (as the readiness gate's progress-sink.ts and the Smartlead account's lines do).
 */
export function reportMailboxProgress(line: string): void {
  process.stderr.write(`[mailinfra workspace] ${line}\n`);
}
