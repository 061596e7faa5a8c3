/**
 * The Node.js language runtime that @pulumi/pulumi ships for the Automation API (its `LanguageServer`, the same
 * one `LocalWorkspace` uses for inline programs), served on a loopback port so the engine can reach it with
 * `--client`. Used only where the `pulumi-language-nodejs` binary is not installed.
 */
import * as path from "node:path";

/** The part of the engine's RunRequest read here (pulumirpc.RunRequest). */
interface RunCall {
  request: {
    getConfigMap(): { entries(): Iterable<[string, string]> } | undefined;
    getConfigsecretkeysList(): string[] | undefined;
    getProject(): string;
    getStack(): string;
    getParallel(): number;
    getArgsList(): string[] | undefined;
    getMonitorAddress(): string;
    getDryrun(): boolean;
    getOrganization(): string;
  };
}

export interface LanguageRuntime {
  /** `127.0.0.1:PORT`, for the engine's `--client` flag. */
  address: string;
  stop(): void;
}

/** Uncaught errors (unhandled rejections included) since the current program run started. */
let uncaughtInRun = 0;
const countUncaught = () => {
  uncaughtInRun++;
};

/** Marks the SDK's `disconnect` once wrapped (one wrapper however many runtimes a process starts). */
const SIGNALS_ONLY_CLEAN_RUNS = Symbol.for("mailinfra.signalShutdownOnlyAfterCleanRuns");

const sdkRoot = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromSdk = (m: string) => require(require.resolve(m, { paths: [sdkRoot] }));

/** Why a run is refused, and the warnings to show beside it (the program would have logged them). */
export interface Refusal {
  error: string;
  warnings: string[];
}

export interface LanguageRuntimeOptions {
  /**
   * Asked before each run, with the run's stack configuration in place: a message refuses the run before the
   * program starts (so not even the Stack resource is registered) and the engine prints it once.
   */
  refuse?: () => Refusal | undefined;
}

export async function startLanguageRuntime(
  program: () => unknown,
  options: LanguageRuntimeOptions = {},
): Promise<LanguageRuntime> {
  const grpc = fromSdk("@grpc/grpc-js");
  const { LanguageServer } = fromSdk("@pulumi/pulumi/automation/server");
  const langrpc = fromSdk("@pulumi/pulumi/proto/language_grpc_pb");
  const { grpcChannelOptions } = fromSdk("@pulumi/pulumi/runtime");
  const { RunError } = fromSdk("@pulumi/pulumi/errors");
  const { RunResponse } = fromSdk("@pulumi/pulumi/proto/language_pb");
  const runtimeConfig = fromSdk("@pulumi/pulumi/runtime/config");
  const settings = fromSdk("@pulumi/pulumi/runtime/settings");
  const localState = fromSdk("@pulumi/pulumi/runtime/state");
  const log = fromSdk("@pulumi/pulumi/log");

  const server = new grpc.Server({ ...grpcChannelOptions });
  const languageServer = new LanguageServer(async () => program());
  // Signalling shutdown tells the engine the program registered everything it will, and the engine then deletes
  // what was not registered. The Node.js language host signals only after a run without uncaught errors
  // (@pulumi/pulumi cmd/run/index.js, beforeExitHandler: "Signal and wait for shutdown means a successful program
  // execution"); the Automation API's LanguageServer signals after any run. A run in which a resource could not
  // be registered (its input is the output of a resource that failed, e.g. a readiness gate that timed out under
  // `up --continue-on-error`) has an unhandled rejection: signalling then deleted the domain's verification, users
  // and accounts (test/e2e/slow-domain.test.ts). So a run ends as under the language host: errors, nothing deleted.
  // The SDK counts those errors in a store the process-level handlers do not see, so they are counted here.
  const disconnect = settings.disconnect as (signalShutdown?: boolean) => Promise<void>;
  if (!(disconnect as { [SIGNALS_ONLY_CLEAN_RUNS]?: boolean })[SIGNALS_ONLY_CLEAN_RUNS]) {
    const waitForRPCs = settings.waitForRPCs as () => Promise<void>;
    settings.disconnect = Object.assign(
      async (signalShutdown = false) => {
        if (signalShutdown) {
          // Node reports a rejection nobody handled once the microtask queue is empty, which can be after the
          // program's last registration settled: let the registrations finish and Node report first.
          await waitForRPCs();
          await new Promise((resolve) => setImmediate(resolve));
        }
        return disconnect(signalShutdown && uncaughtInRun === 0 && !log.hasErrors());
      },
      { [SIGNALS_ONLY_CLEAN_RUNS]: true },
    );
  }
  const run = languageServer.run.bind(languageServer);
  // The SDK's runtime has already logged a RunError (a configuration error, a refused run) as a diagnostic;
  // answering with `bail` tells the engine the failure was reported, as the Node.js language host does,
  // instead of printing the same message a second time. Its `run` answers twice (error, then response); the
  // engine only reads the first.
  languageServer.run = (call: RunCall, callback: (err: unknown, response?: unknown) => void) => {
    const refusal = options.refuse && refusalFor(call, options.refuse);
    if (refusal) {
      void reportRefusal(call, refusal).then(
        () => {
          const refused = new RunResponse();
          refused.setBail(true);
          callback(null, refused);
        },
        (err: unknown) => {
          const refused = new RunResponse();
          refused.setError(`${refusal.error}\n(${err instanceof Error ? err.message : err})`);
          callback(null, refused);
        },
      );
      return;
    }
    let answered = false;
    uncaughtInRun = 0;
    process.on("unhandledRejection", countUncaught);
    process.on("uncaughtException", countUncaught);
    return run(call, (err: unknown, response?: unknown) => {
      if (answered) return;
      answered = true;
      process.off("unhandledRejection", countUncaught);
      process.off("uncaughtException", countUncaught);
      if (err && RunError.isInstance(err)) {
        const bail = new RunResponse();
        bail.setBail(true);
        callback(null, bail);
        return;
      }
      callback(err, response);
    });
  };
  /** `refuse`, asked with the run's configuration set as the program would see it. */
  function refusalFor(call: RunCall, refuse: () => Refusal | undefined): Refusal | undefined {
    const request = call.request;
    const config = Object.fromEntries(request.getConfigMap()?.entries() ?? []);
    runtimeConfig.setAllConfig(config, request.getConfigsecretkeysList() ?? []);
    try {
      return refuse();
    } catch {
      // A check that itself fails must not hide why: the program runs and reports the same problem with its
      // message and stack, instead of gRPC's bare "Unknown error".
      return undefined;
    }
  }
  /**
   * Prints a refusal as the program's own errors are printed (one `error:` diagnostic, no "unhandled error"
   * prefix): connected to the engine the way the SDK's LanguageServer connects for a run, then bailing.
   */
  async function reportRefusal(call: RunCall, refusal: Refusal): Promise<void> {
    const request = call.request;
    await localState.withLocalStorage(async () => {
      settings.resetOptions(
        request.getProject(),
        request.getStack(),
        request.getParallel(),
        request.getArgsList()?.[0] ?? "",
        request.getMonitorAddress(),
        request.getDryrun(),
        request.getOrganization(),
      );
      try {
        for (const warning of refusal.warnings) await log.warn(warning);
        await log.error(refusal.error);
      } finally {
        await settings.disconnect(false);
      }
    });
  }
  server.addService(langrpc.LanguageRuntimeService, languageServer);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(
      "127.0.0.1:0",
      grpc.ServerCredentials.createInsecure(),
      (err: Error | null, p: number) => (err ? reject(err) : resolve(p)),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    stop: () => server.forceShutdown(),
  };
}
