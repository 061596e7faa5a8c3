/**
 * A stack converged by the version that stored the credentials and the whole loader with every resource, run by
 * this one: `up` changes nothing, `refresh` and `destroy` still work through the loaders stored back then.
 *
 * The old state is this version's converged state rewritten to the previous shape, as the previous version wrote it:
 * each dynamic resource's `__provider` (inputs and outputs) replaced by the loader it stored (all six operations,
 * no `configure`: providers/shim.stored-before-configure.txt, naming the resource's module), the service-account
 * key added to every Workspace resource and the API key to every Smartlead account, as secrets, then imported.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalWorld, startLocalWorld } from "../../emulators/local-world";
import { sendingDomain } from "../support/fleet";
import { upAuthorized } from "./support/authorized-up";
import { localStack } from "./support/local-stack";

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const secret = (plaintext: string) => ({ [SECRET_SIG]: "1b47061264138c4ac30d75fd1eb44270", plaintext });

const storedBefore = fs.readFileSync(
  path.join(__dirname, "../../providers/shim.stored-before-configure.txt"),
  "utf8",
);
/** The loader the previous version stored for `modulePath`. */
const oldLoader = (modulePath: string) =>
  storedBefore.replace('"test/engine/fixtures/note.provider"', JSON.stringify(modulePath));

interface StateResource {
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/** Rewrites a deployment (exportStack's, secrets as plaintext) to the shape the previous version stored. */
function previousShape(
  deployment: { resources: StateResource[] },
  keys: { serviceAccountKey: string; apiKey: string; clientSecret: string },
) {
  for (const resource of deployment.resources) {
    const stored = resource.inputs?.__provider;
    if (typeof stored !== "string") continue;
    const modulePath = /modulePath: "([^"]+)"/.exec(stored)?.[1];
    if (!modulePath) throw new Error(`no module path in the stored loader of ${resource.type}`);
    const extra: Record<string, unknown> = { __provider: oldLoader(modulePath) };
    if (/:Workspace/.test(resource.type))
      extra.serviceAccountKey = secret(JSON.stringify(keys.serviceAccountKey));
    if (resource.type.endsWith(":SmartleadEmailAccount")) extra.apiKey = secret(JSON.stringify(keys.apiKey));
    // An OAuth account's connection (one secret) held the client's secret too.
    const connection = resource.inputs?.connection as { plaintext?: string } | undefined;
    const declared = connection?.plaintext ? JSON.parse(connection.plaintext) : undefined;
    if (declared?.kind === "oauth") {
      extra.connection = secret(JSON.stringify({ ...declared, clientSecret: keys.clientSecret }));
    }
    Object.assign(resource.inputs ?? {}, extra);
    Object.assign(resource.outputs ?? {}, extra);
  }
  return deployment;
}

let world: LocalWorld;
beforeAll(async () => {
  world = await startLocalWorld({ resolverLagsMs: [0, 300] });
});
afterAll(() => world?.stop());

describe("a stack converged before credentials were held once", () => {
  it("up shows no change, refresh and destroy run the loaders stored back then", async () => {
    const t = await localStack(world, [sendingDomain("before-a.test", { mailboxes: 2 })]);
    const registrar = world.registrar(300);
    let destroyed = false;
    try {
      await upAuthorized(t.stack, world, { color: "never", onEvent: registrar });
      const { deployment } = await t.stack.exportStack();
      const old = previousShape(deployment, {
        serviceAccountKey: world.serviceAccountKey,
        apiKey: world.smartlead.apiKey,
        clientSecret: world.oauthClient.clientSecret,
      });
      const oauth = old.resources.filter((r) =>
        JSON.stringify(r.inputs?.connection ?? "").includes("clientSecret"),
      );
      expect(oauth).toHaveLength(2);
      const dynamic = old.resources.filter((r) => typeof r.inputs?.__provider === "string");
      // DnsReadiness, WorkspaceDomain, WorkspaceDomainVerification, and a user and an account per mailbox.
      expect(dynamic).toHaveLength(3 + 2 * 2);
      await t.stack.importStack({ version: 3, deployment: old });

      const up = await t.stack.up({ color: "never" });
      expect(up.summary.resourceChanges).toEqual({ same: expect.any(Number) });

      // Untouched resources keep the outputs stored back then: refresh reads through those loaders, and the
      // stored keys, with no key of the stack's in the process.
      const after = await t.stack.exportStack();
      const user = after.deployment.resources.find((r: StateResource) => r.type.endsWith(":WorkspaceUser"));
      expect(user.outputs.__provider).not.toContain("configure");
      const refresh = await t.stack.refresh({ color: "never" });
      expect(refresh.summary.resourceChanges).toEqual({ same: expect.any(Number) });
      const again = await t.stack.up({ color: "never" });
      expect(again.summary.resourceChanges).toEqual({ same: expect.any(Number) });

      // Destroy, through the same loaders: the mailboxes are suspended and the accounts disconnected.
      const destroy = await t.stack.destroy({ color: "never" });
      destroyed = true;
      expect(destroy.summary.resourceChanges).toMatchObject({ delete: expect.any(Number) });
      expect(world.google.state.getUser("ana@before-a.test")?.suspended).toBe(true);
      expect(world.smartlead.state.findByEmail("ana@before-a.test")?.warmup.status).toBe("INACTIVE");
    } finally {
      if (!destroyed) await t.dispose();
      else await t.dispose().catch(() => undefined);
    }
  });
});
