/**
 * Where the gate's progress lines go when it runs inside Pulumi's dynamic-provider process.
 *
 * That process is not started with the language host's environment (PULUMI_NODEJS_ENGINE is
 * unset), so `pulumi.log.info` has no engine connection there and falls back to `console.log`.
 * Writing to stderr states the intent plainly; this is the one function to swap if the engine
 * shows these lines better another way.
 */
export function reportToUser(line: string): void {
  process.stderr.write(`[mailinfra readiness] ${line}\n`);
}
