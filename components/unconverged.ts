import * as pulumi from "@pulumi/pulumi";

/**
 * `value`, or `fallback` when the resource behind it did not converge in this run.
 *
 * With `pulumi up --continue-on-error` (what fleets run, so one slow domain does not hold back the others) a
 * domain whose readiness gate timed out fails, and the engine skips everything that depends on it; the SDK
 * rejects the outputs of those resources ("resource … failed to register"). A component's or the stack's
 * outputs that include one such value would fail to serialize as a whole, and the program would end with an
 * unhandled error: the stack outputs of every OTHER domain (their pending authorizations, their mailboxes'
 * passwords) would be lost with it. The engine keeps a failed run's new stack outputs over the old ones
 * (pkg/resource/deploy/step_executor.go, `executeRegisterResourceOutputs`: "we only replace outputs that have
 * new outputs"), so each value that falls back here is the one thing missing.
 *
 * `pulumi.recover` is the SDK's own way to handle such a failure (@pulumi/pulumi output.ts: "if the Output
 * faulted with an error — the value produced by calling func"); the resource's error itself is still reported
 * by the engine and still fails the run.
 */
export function orUnconverged<T, F>(value: pulumi.Input<T> | undefined, fallback: F): pulumi.Output<T | F> {
  return pulumi.recover(pulumi.output(value) as pulumi.Output<T | F>, () => fallback);
}
