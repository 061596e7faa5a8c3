/**
 * The SDK's debug messages, sent to the engine only when the command shows them. @pulumi/pulumi logs several
 * debug lines for every resource it registers ("Registering resource", "RegisterResource RPC prepared",
 * "… finished", "Resource RPC serialization requested", and the same for a component's outputs), each one a
 * `Log` RPC the engine turns into a diagnostic event. The engine prints those events only with `--debug`, and
 * writes them to its own log only at verbosity 3 and up (pkg/engine/eventsink.go `Debugf`: `logging.V(3)`), so
 * on an ordinary command every one of them is work for nothing; with a Pulumi Cloud backend each is also an
 * engine event uploaded with the update.
 *
 * Measured on a 100-domain × 3-mailbox preview (1,301 resources) hosted by `npm run pulumi`: about 3 of 20 CPU
 * seconds across the program, engine and provider processes, and 20 % of the wall time.
 *
 * What users see is unchanged: `--debug`, `-v`/`--verbose` (any level) and `--logflow` keep every debug
 * message, the program's own included; info, warnings and errors always reach the engine.
 */

/** @pulumi/pulumi's `log` module as the SDK that runs the program loads it (resource.js calls `log.debug`). */
interface SdkLog {
  debug: (message: string, ...rest: unknown[]) => Promise<void>;
}

const DROPPED = Symbol.for("mailinfra.debugMessagesDropped");

/** Whether the command line asks to see debug output: `--debug`, `-v`/`--verbose` at any level, `--logflow`. */
export function showsDebugMessages(args: readonly string[]): boolean {
  const end = args.indexOf("--");
  return (end < 0 ? args : args.slice(0, end)).some((arg) => {
    const flag = arg.split("=")[0]!;
    if (flag === "--debug") return arg !== "--debug=false";
    if (flag === "--logflow") return arg !== "--logflow=false";
    return flag === "-v" || flag === "--verbose" || /^-v\d+$/.test(arg);
  });
}

/**
 * Unless `args` shows debug output, makes the SDK's `log.debug` resolve at once without sending anything.
 * Idempotent; the SDK's own function is kept for a later command line that shows debug output.
 */
export function withoutUnshownDebugMessages(sdkLog: SdkLog, args: readonly string[]): void {
  const current = sdkLog.debug as SdkLog["debug"] & { [DROPPED]?: SdkLog["debug"] };
  const original = current[DROPPED] ?? current;
  if (showsDebugMessages(args)) {
    sdkLog.debug = original;
    return;
  }
  if (current[DROPPED]) return;
  const dropped = () => Promise.resolve();
  Object.assign(dropped, { [DROPPED]: original });
  sdkLog.debug = dropped;
}
