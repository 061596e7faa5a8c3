/**
 * The SDK's debug messages, sent to the engine only when the command shows them. @pulumi/pulumi logs several
 * debug lines for every resource it registers ("Registering resource", "RegisterResource RPC prepared",
 * "… finished", "Resource RPC serialization requested", and the same for a component's outputs), each one a
 * `Log` RPC the engine turns into a diagnostic event. The engine prints those events only with `--debug`, and
 * writes them to its own log only at verbosity 3 and up (pkg/engine/eventsink.go `Debugf`: `logging.V(3)`), so
 * on an ordinary command every one of them is work for nothing (a Pulumi Cloud backend does not upload them
 * either without `--debug`: pkg/backend/httpstate/state.go).
 *
 * Measured on a 100-domain × 3-mailbox preview (1,301 resources) hosted by `npm run pulumi`: about 3 of 20 CPU
 * seconds across the program, engine and provider processes, and 20 % of the wall time.
 *
 * What users see on screen is unchanged: `--debug`, `-v`/`--verbose` (any level) and `--logflow` keep every debug
 * message, the program's own included; info, warnings and errors always reach the engine. What changes: an
 * `--event-log` file (which keeps debug events whatever the display shows) and a gRPC log (`PULUMI_DEBUG_GRPC`)
 * hold no SDK debug messages unless one of those flags is given.
 */

import { NO_VALUE_LETTERS } from "./command-line";

/** @pulumi/pulumi's `log` module as the SDK that runs the program loads it (resource.js calls `log.debug`). */
interface SdkLog {
  debug: (message: string, ...rest: unknown[]) => Promise<void>;
}

const DROPPED = Symbol.for("mailinfra.debugMessagesDropped");

/**
 * Whether the command asks to see debug output: `--debug`/`-d`, `-v`/`--verbose` at any level, `--logflow`, in any
 * form the CLI's flag parser reads (`--debug=true`, `-v=9`, `-yd`, `-yv3`), or as the environment variables the CLI
 * reads for every flag (`PULUMI_OPTION_DEBUG`, `PULUMI_OPTION_VERBOSE`, `PULUMI_OPTION_LOGFLOW`: pkg/cmd/pulumi/
 * pulumi.go `declareFlagsAsEnvironmentVariables`). Where unsure (`PULUMI_OPTION_DEBUG=false`, `-v=0`), they are sent.
 */
export function showsDebugMessages(args: readonly string[], env: NodeJS.ProcessEnv = process.env): boolean {
  if (["PULUMI_OPTION_DEBUG", "PULUMI_OPTION_VERBOSE", "PULUMI_OPTION_LOGFLOW"].some((name) => env[name])) {
    return true;
  }
  const end = args.indexOf("--");
  return (end < 0 ? args : args.slice(0, end)).some((arg) => {
    const [flag, value] = arg.split("=", 2);
    if (flag === "--debug" || flag === "--logflow") return !/^(0|f|false)$/i.test(value ?? "true");
    if (flag === "--verbose") return true;
    if (!arg.startsWith("-") || arg.startsWith("--")) return false;
    // A cluster of one-letter flags: those that take no value, then perhaps one that takes the rest (`-sdev`).
    for (const letter of arg.slice(1)) {
      if (letter === "d" || letter === "v") return true;
      if (!NO_VALUE_LETTERS.has(letter)) return false;
    }
    return false;
  });
}

/**
 * Unless the command shows debug output, makes the SDK's `log.debug` resolve at once without sending anything.
 * Idempotent; the SDK's own function is kept for a later command line that shows debug output.
 */
export function withoutUnshownDebugMessages(
  sdkLog: SdkLog,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): void {
  const current = sdkLog.debug as SdkLog["debug"] & { [DROPPED]?: SdkLog["debug"] };
  const original = current[DROPPED] ?? current;
  if (showsDebugMessages(args, env)) {
    sdkLog.debug = original;
    return;
  }
  if (current[DROPPED]) return;
  const dropped = () => Promise.resolve();
  Object.assign(dropped, { [DROPPED]: original });
  sdkLog.debug = dropped;
}
