/**
 * `npm run pulumi -- <args>`: the Pulumi CLI matching @pulumi/pulumi, with mailinfra's local defaults.
 *
 * When the Node.js language host (`pulumi-language-nodejs`) is installed, this is a plain pass-through.
 * When it is not (the Go module proxy on a closed network does not serve it), commands that run the program
 * host it in this process with the language runtime that @pulumi/pulumi ships for the Automation API, and hand
 * its address to the engine with `--client`, exactly as `LocalWorkspace` does for inline programs.
 */
import { spawn, spawnSync } from "node:child_process";
import * as path from "node:path";
import { commandOf, stackOf } from "./engine/command-line";
import { engineEnvironment, localBackendUrl } from "./engine/environment";
import { ensureEngine, repoRoot } from "./engine/index";
import { withoutUnshownDebugMessages } from "./engine/program-debug-messages";
import { withoutPerResourceStackTraces, withRegisteringFrameOnly } from "./engine/program-stack-traces";

const backendUrl = () => process.env.PULUMI_BACKEND_URL || localBackendUrl;

const programCommands = new Set(["preview", "pre", "up", "update", "refresh", "destroy", "down", "import"]);

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const engine = await ensureEngine();
  const command = commandOf(args);
  const stack = stackOf(args) ?? process.env.PULUMI_STACK ?? selectedStack(engine.binDir);
  const env = {
    // Each readiness gate holds one of the engine's concurrent operations while DNS propagates; at the
    // default (4 × CPUs) a 200-domain fleet waits in rounds (npm run bench). Providers keep their own API limits.
    PULUMI_PARALLEL: "256",
    ...process.env,
    ...engineEnvironment(engine, stack),
  };

  if (engine.languageHost || !command || !programCommands.has(command)) {
    return run(path.join(engine.binDir, "pulumi"), args, env);
  }
  // The SDK's per-resource stack traces, through tsx's source maps, were most of the program's CPU at fleet size.
  const sdk = (module: string) => require(require.resolve(`@pulumi/pulumi/${module}`, { paths: [repoRoot] }));
  withoutPerResourceStackTraces(sdk("runtime/debuggable"));
  withRegisteringFrameOnly(sdk("resource"));
  // Several Log RPCs per resource that the engine shows only with --debug (-v, --logflow): sent only then.
  withoutUnshownDebugMessages(sdk("log"), args);
  const { startLanguageRuntime } = await import("./engine/language-runtime");
  // One runtime serves every run of this command (`up` runs the program twice: preview, then update); the
  // hosted program runs index.ts's exported function afresh each time and refuses a run that registered
  // fewer domains than the stack declares. The program and its modules load when the engine first asks for a
  // run: `refresh` and `destroy` do not run the program, and a fleet's stacks each paid ~0.9 CPU s loading it.
  let hosting: typeof import("./engine/hosted-program") | undefined;
  const hosted = () => {
    hosting ??= require("./engine/hosted-program") as typeof import("./engine/hosted-program");
    return hosting;
  };
  let program: (() => Promise<unknown>) | undefined;
  const runtime = await startLanguageRuntime(
    () => {
      program ??= hosted().hostedProgram(path.join(repoRoot, "index.ts"));
      return program();
    },
    { refuse: () => hosted().configurationErrors() },
  );
  try {
    return await run(path.join(engine.binDir, "pulumi"), [...args, `--client=${runtime.address}`], env);
  } finally {
    runtime.stop();
  }
}

function selectedStack(binDir: string): string | undefined {
  const out = spawnSync(path.join(binDir, "pulumi"), ["stack", "--show-name"], {
    cwd: repoRoot,
    encoding: "utf8",
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true", PULUMI_BACKEND_URL: backendUrl() },
  });
  return out.status === 0 ? out.stdout.trim() : undefined;
}

function run(binary: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(binary, args, { cwd: repoRoot, env, stdio: "inherit" });
    // SIGTERM (a CI runner, `npm run fleet` stopping its stacks) is passed on. SIGINT is not: Ctrl-C in a terminal
    // already reaches every process of the foreground group, the engine included, and Pulumi takes a second
    // interrupt as "stop now" instead of a clean cancel (pkg/backend/cancellation_scope.go: the first signal
    // cancels, the next terminates). The handler only keeps this process waiting for the engine's exit.
    process.on("SIGINT", () => {});
    process.on("SIGTERM", () => child.kill("SIGTERM"));
    child.on("close", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
