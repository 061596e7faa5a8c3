/**
 * mailinfra as another team uses it: `npm pack` this repository, install the tarball in a new Pulumi project in a
 * temporary directory, and run that project's own program — `import { MailDomain, parseDomain } from "mailinfra"`
 * — under the real engine against the local world: preview, up, and an up that changes nothing.
 *
 * The program is hosted from the consumer's directory with the consumer's own @pulumi/pulumi (its Automation API
 * runtime, as `pulumi up` would with the Node.js language host, which this machine lacks), so the engine starts
 * the dynamic-provider processes there and they load mailinfra from the consumer's node_modules.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DomainEntry, parseDomain } from "../../components/config/parse-domain";
import { planRecords } from "../../components/dns/record-set";
import { type LocalWorld, startLocalWorld } from "../../emulators/local-world";
import { engineEnvironment } from "../../scripts/engine/environment";
import { ensureEngine, repoRoot, sdkVersion } from "../../scripts/engine/index";
import { fleet, sendingDomain } from "../support/fleet";

const execFileAsync = promisify(execFile);

/** Runs a command; a failure carries what it printed (tsc and npm report on stdout). */
async function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<{ stdout: string }> {
  try {
    return await execFileAsync(command, args, { ...options, maxBuffer: 64 * 1024 * 1024, encoding: "utf8" });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(" ")} failed:\n${stdout ?? ""}\n${stderr ?? ""}`);
  }
}
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "mailinfra-consumer-"));
const consumer = path.join(work, "consumer");
const domain: DomainEntry = { name: "consumer-outreach.test", dns: { host: "manual", registrar: "porkbun" } };

let world: LocalWorld;
beforeAll(async () => {
  world = await startLocalWorld({ resolverLagsMs: [0, 300] });
});
afterAll(async () => {
  await world?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

/** The consumer's program, as a team writes it: its own config, mailinfra's component, the domain as written. */
const program = `import * as pulumi from "@pulumi/pulumi";
import { type DomainEntry, MailDomain, parseDomain } from "mailinfra";

export = async () => {
  const config = new pulumi.Config();
  const entry: DomainEntry = config.requireObject<DomainEntry>("domain");
  const mail = new MailDomain("outreach", { domain: entry, readiness: config.requireObject("dnsReadiness") });
  return {
    domain: parseDomain(entry).displayName,
    records: mail.records,
    ready: mail.ready,
    registrarInstructions: mail.registrarInstructions,
  };
};
`;

/**
 * What \`pulumi preview\`, \`pulumi up\` and \`pulumi up\` again do, run from the consumer's directory (\`up\`); prints
 * one JSON line: the change summaries, the outputs and the exported state. The stack stays (its configuration in
 * Pulumi.<stack>.yaml, as \`pulumi config set\` leaves it) until \`destroy\` destroys and removes it; \`config\` sets
 * more of its configuration.
 */
const host = `import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";

async function main() {
  const [engineRoot, stackName, config, action] = process.argv.slice(2);
  const pulumiCommand = await PulumiCommand.get({ root: engineRoot });
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName, projectName: "mailinfra-consumer", program: () => require("./index")() },
    { workDir: __dirname, pulumiCommand },
  );
  const remove = async () => {
    await stack.destroy({ color: "never" });
    await stack.workspace.removeStack(stackName);
  };
  if (action === "destroy") return remove();
  if (action === "config") return stack.setAllConfig(JSON.parse(config));
  try {
    await stack.setAllConfig(JSON.parse(config));
    const preview = await stack.preview({ color: "never" });
    const up = await stack.up({ color: "never" });
    const again = await stack.up({ color: "never" });
    const state = await stack.exportStack();
    console.log(JSON.stringify({ preview: preview.changeSummary, up: up.summary.resourceChanges, outputs: up.outputs, again: again.summary.resourceChanges, state }));
  } catch (error) {
    await remove();
    throw error;
  }
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(consumer, file)), { recursive: true });
  fs.writeFileSync(path.join(consumer, file), text);
}

const installed = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(repoRoot, "node_modules", name, "package.json"), "utf8")).version;

describe("mailinfra installed from its package in another Pulumi project", () => {
  it("packs compiled JavaScript with declarations and no tests, emulators or bench; the consumer's preview, up and second up work", async () => {
    const engine = await ensureEngine();

    // npm pack builds the package (prepack) and lists what it ships.
    const packed = await run(npm, ["pack", "--json", "--pack-destination", work], { cwd: repoRoot });
    const [pack] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("[")));
    const files: string[] = pack.files.map((f: { path: string }) => f.path);
    expect(
      files.filter((f) => /^(test|emulators|bench|scripts|stacks)\/|\.test\.|^index\.ts$/.test(f)),
    ).toEqual([]);
    expect(files).toEqual(
      expect.arrayContaining([
        "dist/mailinfra.js",
        "dist/mailinfra.d.ts",
        "dist/providers/shim.js",
        "dist/providers/readiness/readiness.provider.js",
        "dist/components/mail-domain.d.ts",
      ]),
    );

    // Every module a stored loader may name is packed: the providers the components' shims name, and the watchdog.
    const compiled = files
      .filter((f) => f.endsWith(".js"))
      .map((f) => fs.readFileSync(path.join(repoRoot, f), "utf8"));
    const named = compiled.flatMap((text) => [...text.matchAll(/shim\)\("([^"]+)"\)/g)].map((m) => m[1]));
    expect(named.length).toBeGreaterThanOrEqual(6);
    const missing = [...named, "providers/engine-watchdog"].filter((m) => !files.includes(`dist/${m}.js`));
    expect(missing).toEqual([]);

    // The authorize command ships as the package's bin, compiled with every module it loads, and without this
    // checkout's engine build (a consumer runs their own \`pulumi\`).
    const bin = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")).bin;
    expect(bin).toEqual({ "mailinfra-authorize": "dist/scripts/authorize.js" });
    expect(fs.readFileSync(path.join(repoRoot, bin["mailinfra-authorize"]), "utf8")).toMatch(
      /^#!\/usr\/bin\/env node\n/,
    );
    const authorizeModules = fs
      .readdirSync(path.join(repoRoot, "scripts", "authorize"))
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .map((f) => `dist/scripts/authorize/${f.replace(/\.ts$/, ".js")}`);
    expect(authorizeModules.length).toBeGreaterThanOrEqual(10);
    expect(files).toEqual(
      expect.arrayContaining([
        "dist/scripts/authorize.js",
        "dist/components/authorize-command.js",
        ...authorizeModules,
      ]),
    );
    expect(
      files.filter((f) => f.startsWith("dist/scripts/") && !f.startsWith("dist/scripts/authorize")),
    ).toEqual([]);
    // Every module the bin's modules require is packed, but the checkout's engine (required only in this checkout).
    const unpacked = files
      .filter((f) => f.startsWith("dist/scripts/") && f.endsWith(".js"))
      .flatMap((f) =>
        [...fs.readFileSync(path.join(repoRoot, f), "utf8").matchAll(/require\("(\.[^"]+)"\)/g)].map((m) =>
          path.posix.join(path.posix.dirname(f), `${m[1]}.js`),
        ),
      )
      .filter((f) => !files.includes(f));
    expect(unpacked).toEqual(["dist/scripts/engine/checkout-pulumi.js"]);

    // A new project that depends on the tarball, installed as a team would.
    write(
      "package.json",
      JSON.stringify({
        name: "mailinfra-consumer",
        private: true,
        dependencies: { mailinfra: `file:${path.join(work, pack.filename)}`, "@pulumi/pulumi": sdkVersion() },
        devDependencies: { tsx: installed("tsx"), typescript: installed("typescript") },
      }),
    );
    write(
      "Pulumi.yaml",
      "name: mailinfra-consumer\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n",
    );
    write(
      "tsconfig.json",
      JSON.stringify({
        // Pulumi's TypeScript template's options, with the one README asks for: esModuleInterop (zod's
        // declarations, which mailinfra's types name, default-import their locales). No skipLibCheck: every
        // declaration the package ships is checked.
        compilerOptions: {
          strict: true,
          outDir: "bin",
          target: "es2020",
          module: "commonjs",
          moduleResolution: "node",
          sourceMap: true,
          experimentalDecorators: true,
          pretty: true,
          noFallthroughCasesInSwitch: true,
          noImplicitReturns: true,
          forceConsistentCasingInFileNames: true,
          esModuleInterop: true,
        },
        files: ["index.ts"],
      }),
    );
    write("index.ts", program);
    write("host.ts", host);
    await run(npm, ["install", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: consumer });
    // The shipped declarations type the consumer's program.
    await run(path.join(consumer, "node_modules", ".bin", "tsc"), ["--noEmit", "-p", "."], { cwd: consumer });

    // The person at the registrar has created the records.
    world.publish(planRecords(parseDomain(domain)));

    const stackName = `test-consumer-${process.pid}`;
    const config = {
      domain: { value: JSON.stringify(domain) },
      // Not \`readiness\`: mailinfra's configuration reader refuses a key of another namespace named like one of
      // its settings (components/config/config-keys.ts), which the authorize command's reading of this stack meets.
      dnsReadiness: {
        value: JSON.stringify({
          resolvers: world.dns.resolvers.map((r) => r.address),
          quorum: "all",
          timeoutMinutes: 5,
        }),
      },
    };
    const backendDir = path.join(work, "state");
    fs.mkdirSync(backendDir);
    // The consumer's environment: their backend and passphrase, and a \`pulumi\` on PATH (this machine's engine).
    const consumerEnv: NodeJS.ProcessEnv = {
      ...process.env,
      ...engineEnvironment(engine, stackName),
      PULUMI_BACKEND_URL: `file://${backendDir}`,
      npm_config_yes: "false",
    };
    expect(consumerEnv.PATH?.split(path.delimiter)[0]).toBe(engine.binDir);
    const tsx = path.join(consumer, "node_modules", ".bin", "tsx");
    const hosting = (action: string, settings: object) =>
      run(tsx, ["host.ts", path.dirname(engine.binDir), stackName, JSON.stringify(settings), action], {
        cwd: consumer,
        env: consumerEnv,
      });
    const hosted = await hosting("up", config);
    /** \`npx mailinfra-authorize --stack <stack>\` in the consumer's directory, whatever its exit code. */
    const authorizing = () =>
      execFileAsync(npx, ["mailinfra-authorize", "--stack", stackName], {
        cwd: consumer,
        env: consumerEnv,
        encoding: "utf8",
      }).then(
        (ok): { code?: number; stdout?: string } => ({ code: 0, stdout: ok.stdout }),
        (error: { code?: number; stdout?: string }) => error,
      );
    const result = JSON.parse(hosted.stdout.trim().split("\n").pop() ?? "{}");

    // The consumer authorizes its stack's mailboxes as the package tells them, in their project directory: the
    // command reads the stack with their \`pulumi\` and backend. This program declares no Workspace mailbox.
    // (npm_config_yes=false: npx must run the installed bin, never fetch a package of that name from a registry.)
    let authorize: { stdout: string };
    let toldCommand: string;
    let refused: { code?: number; stdout?: string };
    let unreadable: { code?: number; stdout?: string };
    try {
      authorize = await run(npx, ["mailinfra-authorize", "--stack", stackName], {
        cwd: consumer,
        env: consumerEnv,
      });
      // What the installed package tells a person to run (the compiled rule, as its messages print it).
      const told = path.join(
        consumer,
        "node_modules",
        "mailinfra",
        "dist",
        "components",
        "authorize-command.js",
      );
      toldCommand = (
        await run(
          process.execPath,
          ["-e", `console.log(require(${JSON.stringify(told)}).authorizeCommand("s1"))`],
          {
            cwd: consumer,
          },
        )
      ).stdout.trim();

      // The same stack once it declares Workspace mailboxes in \`mailinfra:domains\` (OAuth, the default) and its
      // Google account as a secret, without the OAuth client: the command decrypts the stack's configuration with
      // the consumer's passphrase, finds the mailboxes, and names the fix in the consumer's own \`pulumi\` commands.
      const { oauthClient: _client, ...google } = JSON.parse(world.stackConfig()["mailinfra:google"].value);
      await hosting("config", {
        "mailinfra:google": { value: JSON.stringify(google), secret: true },
        ...fleet(sendingDomain("consumer-workspace.test")),
      });
      refused = await authorizing();
      // Domains it cannot parse: their mailboxes are unknown, so it names the errors, not "nothing to authorize".
      await hosting("config", { "mailinfra:domains": { value: JSON.stringify("consumer-workspace.test") } });
      unreadable = await authorizing();
    } finally {
      await hosting("destroy", {});
    }
    expect(authorize.stdout.trim()).toBe(
      `Stack ${stackName} has no mailbox that connects to Smartlead with OAuth (connection: oauth): nothing to authorize.`,
    );
    expect(toldCommand).toBe("npx mailinfra-authorize --stack s1");
    expect(refused.stdout).toContain(`mailinfra:google.oauthClient is not configured for stack ${stackName}`);
    expect(refused.stdout).toContain(
      `pulumi config set --stack ${stackName} --secret --path 'mailinfra:google.oauthClient.clientSecret'`,
    );
    expect(refused.stdout).not.toContain("npm run");
    expect(refused.code).toBe(1);
    expect(unreadable.stdout).toContain(`The configuration of stack ${stackName} has errors`);
    expect(unreadable.stdout).toContain("mailinfra:domains");
    expect(unreadable.code).toBe(1);

    // Stack, MailDomain, its readiness gate.
    expect(result.preview).toEqual({ create: 3 });
    expect(result.up).toEqual({ create: 3 });
    expect(result.again).toEqual({ same: 3 });
    const expected = planRecords(parseDomain(domain));
    expect(result.outputs.domain.value).toBe("consumer-outreach.test");
    expect(result.outputs.ready.value).toBe(true);
    expect(result.outputs.records.value).toEqual(expected);
    expect(result.outputs.registrarInstructions.value).toContain("Porkbun");

    const resources: { type: string; inputs?: Record<string, unknown> }[] = result.state.deployment.resources;
    expect(resources.map((r) => r.type)).toEqual(
      expect.arrayContaining(["mailinfra:index:MailDomain", "pulumi-nodejs:dynamic/mailinfra:DnsReadiness"]),
    );
    // The stored loaders name the package, not where it was installed: the state can move between machines.
    const stored = JSON.stringify(resources.map((r) => r.inputs?.__provider ?? ""));
    expect(stored).toContain("mailinfra");
    expect(stored).not.toContain(work);
    expect(stored).not.toContain(fs.realpathSync(work));
  }, 900_000);
});
