import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalWorld, startLocalWorld } from "../../emulators/local-world";
import { repoRoot } from "../../scripts/engine/index";
import { sendingDomain } from "../support/fleet";
import { upAuthorized } from "./support/authorized-up";
import { localStack } from "./support/local-stack";
import { knownSecrets, leakedSecrets } from "./support/secrets";
import { stackExport } from "./support/stack-export";

/**
 * Where `pulumi stack export` holds a credential: per resource type, the properties that carry the service-account
 * key or the Smartlead API key (ciphertext). Once per stack, not per domain or mailbox.
 */
function credentialHolders(exported: string): Record<string, string[]> {
  const { deployment } = JSON.parse(exported) as {
    deployment: { resources: { type: string; inputs?: object; outputs?: object }[] };
  };
  const holders: Record<string, Set<string>> = {};
  for (const resource of deployment.resources) {
    for (const part of ["inputs", "outputs"] as const) {
      for (const [key, value] of Object.entries(resource[part] ?? {})) {
        const credential =
          /serviceAccountKey|apiKey/i.test(key) || /^mailinfra:(google|smartlead)$/.test(key);
        if (!credential || value === undefined) continue;
        holders[resource.type] ??= new Set();
        holders[resource.type].add(`${part}.${key}`);
      }
    }
  }
  return Object.fromEntries(Object.entries(holders).map(([type, keys]) => [type, [...keys].sort()]));
}

let world: LocalWorld;
beforeAll(async () => {
  world = await startLocalWorld({ resolverLagsMs: [0, 300] });
});
afterAll(() => world?.stop());

describe("credentials under the real engine", () => {
  it("never appear in plain text in state, engine output, events, stack outputs or the stack's config file", async () => {
    const t = await localStack(
      world,
      [sendingDomain("vault-a.test", { mailboxes: 2 }), sendingDomain("vault-b.test", { mailboxes: 1 })],
      { exportPasswords: true },
    );
    // What a user or CI sees: the console output, and the structured event stream (`--json`, Automation API).
    // Debug-severity diagnostics are left out: @pulumi/pulumi's Node runtime logs every RegisterResource
    // response at debug level, secret outputs included (runtime/resource.js), and the engine masks only secret
    // config values in them; they show only under `pulumi --debug` and in `--event-log` files.
    let log = "";
    const output = {
      onOutput: (text: string) => {
        log += text;
      },
    };
    const events = (event: EngineEvent) => {
      // The SDK's type omits "debug", which the engine does send.
      if ((event.diagnosticEvent?.severity as string | undefined) !== "debug")
        log += `${JSON.stringify(event)}\n`;
    };
    const registrar = world.registrar(300);
    try {
      // up, each mailbox signs in at the consent page (its refresh token stored as a secret), up connects them.
      const up = await upAuthorized(t.stack, world, {
        color: "never",
        diff: true,
        ...output,
        onEvent: (event) => {
          events(event);
          registrar(event);
        },
      });
      expect(up.outputs.passwords.secret).toBe(true);
      const passwords = up.outputs.passwords.value as string[];
      expect(passwords).toHaveLength(3);
      // Each password really opens its mailbox: these are the strings to look for.
      const emails = ["ana@vault-a.test", "ben@vault-a.test", "ana@vault-b.test"];
      expect(emails.map((email, i) => world.google.state.verifyPassword(email, passwords[i]))).toEqual([
        true,
        true,
        true,
      ]);

      // Drift on resources that hold credentials, so refresh, preview --diff and up print their diffs.
      world.google.state.suspendUser("ben@vault-a.test");
      const account = world.smartlead.state.findByEmail("ana@vault-b.test");
      if (!account) throw new Error("up did not connect ana@vault-b.test to Smartlead");
      world.smartlead.state.ui.setWarmup(account.id, { enabled: false });
      const refresh = await t.stack.refresh({ color: "never", ...output, onEvent: events });
      expect(refresh.summary.resourceChanges).toMatchObject({ update: 2 });
      await t.stack.preview({ color: "never", diff: true, ...output, onEvent: events });
      const restore = await t.stack.up({ color: "never", diff: true, ...output, onEvent: events });
      expect(restore.summary.resourceChanges).toMatchObject({ update: 2 });
      log += (up.beforeAuthorization?.stderr ?? "") + up.stderr + refresh.stderr + restore.stderr;
      // After every run: the tokens Google issued on the way are among the strings to look for.
      const secrets = knownSecrets(world, passwords);
      expect(secrets.filter((s) => s.label.startsWith("refresh token"))).toHaveLength(3);
      expect(secrets.some((s) => s.label.startsWith("access token"))).toBe(true);

      expect(log).toContain("mailinfra:google");
      expect(log).toContain("[secret]");
      expect(leakedSecrets(log, secrets)).toEqual([]);

      expect(leakedSecrets(t.stateText(), secrets)).toEqual([]);
      const exported = await stackExport(t);
      expect(exported).toContain("4dabf18193072939515e22adb298388d");
      expect(leakedSecrets(exported, secrets)).toEqual([]);
      expect(credentialHolders(exported)).toEqual({
        // The stack configuration, which the engine's default dynamic provider stores as its inputs and outputs.
        "pulumi:providers:pulumi-nodejs": [
          "inputs.mailinfra:google",
          "inputs.mailinfra:smartlead",
          "outputs.mailinfra:google",
          "outputs.mailinfra:smartlead",
        ],
      });

      const outputs = await t.stack.outputs();
      const visible = Object.entries(outputs).filter(([, o]) => !o.secret);
      expect(visible.map(([name]) => name).sort()).toEqual([
        "domains",
        "pendingAuthorizations",
        "waitingMailboxes",
      ]);
      expect(leakedSecrets(JSON.stringify(visible), secrets)).toEqual([]);

      // The stack's config file is committed to git: credentials in it are ciphertext only.
      const configFile = fs.readFileSync(path.join(repoRoot, "stacks", `Pulumi.${t.name}.yaml`), "utf8");
      expect(configFile).toContain("secure:");
      expect(leakedSecrets(configFile, secrets)).toEqual([]);
    } finally {
      await t.dispose();
    }
  });
});
