import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type EmulatedWorkspace, startEmulatedWorkspace } from "../../emulators/google/workspace-fixture";
import { stackCredentials } from "../credentials";
import { workspaceSettings } from "./client-settings";
import { forgetAllListings } from "./refresh-listing";
import { provider, type WorkspaceUserOutputs } from "./workspace-user.provider";

let world: EmulatedWorkspace;
const domain = "send.example.com";

beforeAll(async () => {
  workspaceSettings.use({
    retry: { retries: 3, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 2_000 },
    timeoutMs: 2_000,
    onRetry: undefined,
    mailboxSetupWaitMs: 3_000,
    mailboxSetupPoll: { baseDelayMs: 20, maxDelayMs: 100 },
  });
  // Every user made through the API is "not fully created" for a moment, as at Google (user-creation.ts).
  world = await startEmulatedWorkspace({ orgUnits: ["/Outbound", "/Parked"], userCreationDelayMs: 150 });
  // What the engine hands the provider process: the stack's key (mailinfra:google.serviceAccountKey).
  stackCredentials.use({ serviceAccountKey: world.connection.serviceAccountKey });
  world.addDomain(domain);
  world.addDomain("other.example.com");
});

afterAll(() => {
  stackCredentials.reset();
  return world.stop();
});

afterEach(() => {
  world.google.faults.clear();
  world.google.state.clearCalls();
  forgetAllListings();
});

function inputs(username: string, extra: Record<string, unknown> = {}) {
  return {
    ...world.account,
    primaryEmail: `${username}@${domain}`,
    firstName: "Ana",
    lastName: "Lopez",
    ...extra,
  };
}

/** create as the engine drives it: check first (defaults filled in), then create. */
async function createUser(username: string, extra: Record<string, unknown> = {}) {
  const checked = await provider.check!({}, inputs(username, extra));
  expect(checked.failures ?? []).toEqual([]);
  const created = await provider.create(checked.inputs);
  return { id: created.id, outs: created.outs as WorkspaceUserOutputs, inputs: checked.inputs };
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a failure");
}

describe("create", () => {
  it("creates the mailbox with a generated password that works, held only in `password`", async () => {
    const { id, outs } = await createUser("ana", { orgUnit: "/Outbound" });
    const user = world.google.state.getUser(id)!;
    expect(user.primaryEmail).toBe(`ana@${domain}`);
    expect([user.givenName, user.familyName, user.orgUnitPath]).toEqual(["Ana", "Lopez", "/Outbound"]);
    expect(user.changePasswordAtNextLogin).toBe(false);
    expect(user.passwordHashFunction).toBe("SHA-1");
    expect(outs.userId).toBe(id);
    expect(outs.suspended).toBe(false);
    expect(outs.adopted).toBe(false);
    expect(outs.password).toMatch(/^[\x21-\x7e]{24}$/);
    expect(outs.password).toMatch(/[a-z]/);
    expect(outs.password).toMatch(/[A-Z]/);
    expect(outs.password).toMatch(/[0-9]/);
    expect(world.google.state.verifyPassword(`ana@${domain}`, outs.password)).toBe(true);
    expect(outs.smtp).toEqual({
      host: "smtp.gmail.com",
      port: 587,
      security: "STARTTLS",
      username: `ana@${domain}`,
    });
    expect(outs.imap).toEqual({
      host: "imap.gmail.com",
      port: 993,
      security: "TLS",
      username: `ana@${domain}`,
    });
    const { password, ...rest } = outs;
    expect(JSON.stringify(rest)).not.toContain(password);
    // The key is the process's, never the resource's.
    expect(JSON.stringify(outs)).not.toContain("PRIVATE KEY");
  });

  it("uses the SMTP/IMAP hosts it is given (tests point them at local servers)", async () => {
    const { outs } = await createUser("hosts", {
      smtpHost: "127.0.0.1",
      smtpPort: 2587,
      imapHost: "127.0.0.1",
      imapPort: 2993,
    });
    expect(outs.smtp).toMatchObject({ host: "127.0.0.1", port: 2587, security: "STARTTLS" });
    expect(outs.imap).toMatchObject({ host: "127.0.0.1", port: 2993, security: "TLS" });
  });

  it("rejects an invalid username in check, naming the rule", async () => {
    const checked = await provider.check!({}, inputs(".ana"));
    expect(checked.failures).toEqual([
      { property: "primaryEmail", reason: expect.stringContaining("starts or ends with a period") },
    ]);
    // The same rule as preview's: a name Google reserves for every domain is refused here too.
    expect((await provider.check!({}, inputs("postmaster"))).failures).toEqual([
      { property: "primaryEmail", reason: expect.stringContaining("is reserved by Google Workspace") },
    ]);
    const unknown = await provider.check!({}, { ...inputs("ok"), adminEmail: unknownValue });
    expect(unknown.failures ?? []).toEqual([]);
  });

  it("refuses an existing mailbox without adopt, leaving it untouched", async () => {
    world.google.state.addUser({
      customerId: world.google.customerId,
      primaryEmail: `existing@${domain}`,
      givenName: "Old",
      familyName: "Owner",
      password: "the-old-password-1",
    });
    const error = await failureOf(createUser("existing"));
    expect(error.message).toContain(`Mailbox existing@${domain} already exists`);
    expect(error.message).toContain("mailboxes[].adopt");
    expect(world.google.state.verifyPassword(`existing@${domain}`, "the-old-password-1")).toBe(true);
    expect(world.google.state.getUser(`existing@${domain}`)?.givenName).toBe("Old");
  });

  it("adopts an existing (suspended) mailbox when adopt is true, resetting its password", async () => {
    const old = world.google.state.addUser({
      customerId: world.google.customerId,
      primaryEmail: `parked@${domain}`,
      givenName: "Old",
      familyName: "Owner",
      password: "the-old-password-2",
      orgUnitPath: "/Parked",
      suspended: true,
    });
    const { id, outs } = await createUser("parked", { adopt: true });
    expect(id).toBe(old.id);
    expect(outs.adopted).toBe(true);
    expect(outs.suspended).toBe(false);
    const user = world.google.state.getUser(id)!;
    expect([user.givenName, user.familyName, user.orgUnitPath, user.suspended]).toEqual([
      "Ana",
      "Lopez",
      "/",
      false,
    ]);
    world.google.state.unsuspendUser(id);
    expect(world.google.state.verifyPassword(`parked@${domain}`, "the-old-password-2")).toBe(false);
    expect(world.google.state.verifyPassword(`parked@${domain}`, outs.password)).toBe(true);
  });

  it("does not fail or duplicate when the insert went through but its answer was lost", async () => {
    world.google.faults.dropNext(1, "after", { endpoint: "directory.users.insert" });
    const { id, outs } = await createUser("lost-answer");
    const matching = world.google.state.liveUsers().filter((u) => u.primaryEmail === `lost-answer@${domain}`);
    expect(matching.map((u) => u.id)).toEqual([id]);
    expect(world.google.state.callCount("directory.users.insert", { fault: "drop" })).toBe(1);
    expect(world.google.state.callCount("directory.users.insert", { status: 409 })).toBe(1);
    expect(outs.adopted).toBe(false);
    expect(world.google.state.verifyPassword(`lost-answer@${domain}`, outs.password)).toBe(true);
  });
});

describe("a create whose result never reached the state (engine killed mid-up)", () => {
  const stack = "acme/mailinfra/prod";

  it("records the stack on the user, and the next create takes the mailbox back without adopt", async () => {
    const first = await createUser("interrupted", { managedBy: stack });
    expect(world.google.state.getUser(first.id)!.externalIds).toEqual([
      { type: "custom", customType: "mailinfra-stack", value: stack },
    ]);
    // The engine died before saving `first`: the next up creates the same mailbox again.
    const second = await createUser("interrupted", { managedBy: stack });
    expect(second.id).toBe(first.id);
    expect(second.outs.adopted).toBe(false);
    const matching = world.google.state.liveUsers().filter((u) => u.primaryEmail === `interrupted@${domain}`);
    expect(matching).toHaveLength(1);
    // The first run's password went with it; the new one is the one that works.
    expect(world.google.state.verifyPassword(`interrupted@${domain}`, first.outs.password)).toBe(false);
    expect(world.google.state.verifyPassword(`interrupted@${domain}`, second.outs.password)).toBe(true);
  });

  it("still refuses a mailbox another stack created, or one this stack left suspended", async () => {
    await createUser("other-stack", { managedBy: "acme/mailinfra/staging" });
    const other = await failureOf(createUser("other-stack", { managedBy: stack }));
    expect(other.message).toContain(`Mailbox other-stack@${domain} already exists`);

    const parked = await createUser("parked-by-us", { managedBy: stack });
    await provider.delete!(parked.id, parked.outs);
    expect(world.google.state.getUser(parked.id)!.suspended).toBe(true);
    const suspended = await failureOf(createUser("parked-by-us", { managedBy: stack }));
    expect(suspended.message).toContain("mailboxes[].adopt");
    // Untouched: still suspended, still the old password.
    expect(world.google.state.getUser(parked.id)!.suspended).toBe(true);
    world.google.state.unsuspendUser(parked.id);
    expect(world.google.state.verifyPassword(`parked-by-us@${domain}`, parked.outs.password)).toBe(true);
  });
});

describe("update", () => {
  it("changes names and org unit in place", async () => {
    const { id, outs, inputs: before } = await createUser("inplace");
    const news = { ...before, firstName: "Anna", orgUnit: "/Outbound" };
    expect(await provider.diff!(id, outs, news)).toMatchObject({ changes: true, replaces: [] });
    const updated = (await provider.update!(id, outs, news)).outs as WorkspaceUserOutputs;
    expect(updated).toMatchObject({ firstName: "Anna", orgUnit: "/Outbound", password: outs.password });
    expect(world.google.state.getUser(id)).toMatchObject({ givenName: "Anna", orgUnitPath: "/Outbound" });
  });

  it("renames on a username change; the old address stays an alias", async () => {
    const { id, outs, inputs: before } = await createUser("before");
    const news = { ...before, primaryEmail: `after@${domain}` };
    const updated = (await provider.update!(id, outs, news)).outs as WorkspaceUserOutputs;
    expect(updated.email).toBe(`after@${domain}`);
    expect(updated.smtp.username).toBe(`after@${domain}`);
    const user = world.google.state.getUser(id)!;
    expect(user.primaryEmail).toBe(`after@${domain}`);
    expect(user.aliases).toContain(`before@${domain}`);
    expect(world.google.state.callCount("directory.users.insert")).toBe(1);
  });

  it("a key rotated in the stack configuration changes no resource: the next calls sign with it", async () => {
    const { id, outs, inputs: before } = await createUser("rotate");
    const rotated = world.google.issueServiceAccountKey({ accountName: "rotated" });
    const restore = stackCredentials.use({ serviceAccountKey: rotated.keyJson });
    // The old key's service account is deleted at Google: only the rotated key works.
    const accounts = world.google.state.serviceAccounts;
    const oldEmail = JSON.parse(world.connection.serviceAccountKey).client_email;
    const old = accounts.get(oldEmail)!;
    accounts.delete(oldEmail);
    try {
      expect(await provider.diff!(id, outs, before)).toEqual({
        changes: false,
        replaces: [],
        deleteBeforeReplace: false,
      });
      world.google.state.clearCalls();
      forgetAllListings();
      expect((await provider.read!(id, outs)).id).toBe(id);
      // The process held a token of the old key: that read minted one with the rotated key.
      expect(world.google.state.calls.filter((c) => c.endpoint === "oauth.token")).toHaveLength(1);
    } finally {
      accounts.set(oldEmail, old);
      restore();
    }
  });

  it("does not replace on a new endpoint; another customer does", async () => {
    const { id, outs, inputs: before } = await createUser("endpoint");
    expect(await provider.diff!(id, outs, { ...before, rootUrl: "http://127.0.0.1:1" })).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(await provider.diff!(id, outs, { ...before, customerId: "C0another" })).toMatchObject({
      replaces: ["customerId"],
    });
  });
});

describe("rename (a mailbox declared with renamedFrom)", () => {
  const stack = "acme/mailinfra/prod";

  it("is an update of the same user: same id, mail kept under the old address as an alias, same password and stack mark", async () => {
    const { id, outs, inputs: before } = await createUser("ben", { managedBy: stack });
    const news = (await provider.check!(before, { ...before, primaryEmail: `benjamin@${domain}` })).inputs;
    expect(await provider.diff!(id, outs, news)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    world.google.state.clearCalls();
    const renamed = (await provider.update!(id, outs, news)).outs as WorkspaceUserOutputs;
    expect(renamed).toMatchObject({
      userId: id,
      email: `benjamin@${domain}`,
      password: outs.password,
      smtp: { username: `benjamin@${domain}` },
      imap: { username: `benjamin@${domain}` },
    });
    // One PATCH of the user; nothing created, suspended or deleted.
    expect(world.google.state.calls.map((c) => c.endpoint)).toEqual(["directory.users.patch"]);
    const user = world.google.state.getUser(id)!;
    expect(user.primaryEmail).toBe(`benjamin@${domain}`);
    expect(user.aliases).toEqual([`ben@${domain}`]);
    expect(user.suspended).toBe(false);
    expect(user.externalIds).toEqual([{ type: "custom", customType: "mailinfra-stack", value: stack }]);
    // Mail to the old address still reaches this user; the password opens the mailbox under its new name.
    expect(world.google.state.getUser(`ben@${domain}`)?.id).toBe(id);
    expect(world.google.state.verifyPassword(`benjamin@${domain}`, outs.password)).toBe(true);
    expect(
      world.google.state.liveUsers().filter((u) => u.primaryEmail.startsWith("ben") && u.id !== id),
    ).toEqual([]);
    // A refresh afterwards finds nothing to change.
    const read = await provider.read!(id, renamed);
    expect(read).toMatchObject({ id, props: { email: `benjamin@${domain}`, suspended: false } });
    expect(await provider.diff!(id, read.props, news)).toMatchObject({ changes: false });
  });

  it("refuses an address another mailbox holds, as primary or alias, and leaves the mailbox as it was", async () => {
    const { id, outs, inputs: before } = await createUser("cleo");
    const other = await createUser("taken");
    world.google.state.renameUser(other.id, `taken-now@${domain}`); // taken@ is now its alias
    for (const target of [`taken-now@${domain}`, `taken@${domain}`]) {
      const news = { ...before, primaryEmail: target, firstName: "Cleopatra" };
      const failure = await failureOf(provider.update!(id, outs, news));
      expect(failure.message).toBe(
        `Mailbox cleo@${domain} was not renamed to ${target}: that address already belongs to another mailbox or is an alias in Google Workspace; the mailbox is unchanged. ` +
          "Choose another username, or remove that mailbox or alias in the Admin console and run `pulumi up` again.",
      );
      expect(world.google.state.getUser(id)).toMatchObject({
        primaryEmail: `cleo@${domain}`,
        givenName: "Ana",
        aliases: [],
      });
    }
    expect(world.google.state.getUser(other.id)?.primaryEmail).toBe(`taken-now@${domain}`);
  });
});

describe("delete", () => {
  it("suspends by default: the mailbox and its address stay", async () => {
    const { id, outs } = await createUser("leaver");
    await provider.delete!(id, outs);
    expect(world.google.state.getUser(id)).toMatchObject({
      suspended: true,
      primaryEmail: `leaver@${domain}`,
    });
  });

  it("deletes when onDelete is delete, and tolerates a mailbox already gone", async () => {
    const { id, outs } = await createUser("gone", { onDelete: "delete" });
    await provider.delete!(id, outs);
    expect(world.google.state.getUser(id)).toBeUndefined();
    await provider.delete!(id, outs);
    const kept = await createUser("gone-by-hand");
    world.google.state.deleteUser(kept.id);
    await provider.delete!(kept.id, kept.outs);
  });
});

describe("read sees changes made by hand; the next update restores", () => {
  it("suspended by hand → drift → un-suspended", async () => {
    const { id, outs, inputs: declared } = await createUser("drift-suspend");
    world.google.state.suspendUser(id);
    const read = await provider.read!(id, outs);
    expect(read.props).toMatchObject({ suspended: true, email: `drift-suspend@${domain}` });
    const diff = await provider.diff!(id, read.props, declared);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    const restored = (await provider.update!(id, read.props, declared)).outs as WorkspaceUserOutputs;
    expect(restored.suspended).toBe(false);
    expect(world.google.state.getUser(id)?.suspended).toBe(false);
    expect(await provider.diff!(id, restored, declared)).toMatchObject({ changes: false });
  });

  it("renamed into another domain and moved by hand → drift → renamed and moved back", async () => {
    const { id, outs, inputs: declared } = await createUser("drift-rename");
    world.google.state.renameUser(id, "someone-else@other.example.com");
    world.google.state.moveUser(id, "/Parked");
    const read = await provider.read!(id, outs);
    expect(read.id).toBe(id);
    expect(read.props).toMatchObject({
      email: "someone-else@other.example.com",
      orgUnit: "/Parked",
      smtp: { username: "someone-else@other.example.com" },
    });
    expect(await provider.diff!(id, read.props, declared)).toMatchObject({ changes: true });
    await provider.update!(id, read.props, declared);
    expect(world.google.state.getUser(id)).toMatchObject({
      primaryEmail: `drift-rename@${domain}`,
      orgUnitPath: "/",
    });
  });

  it("domain removed by hand with its mailboxes → read reports the mailbox gone", async () => {
    world.addDomain("short-lived.example.com");
    const { id, outs } = await createUser("x", { primaryEmail: "x@short-lived.example.com" });
    world.google.state.deleteUser(id);
    world.google.state.removeDomain("short-lived.example.com");
    expect(await provider.read!(id, outs)).toEqual({ id: "", props: {} });
  });

  it("deleted by hand → read reports it gone", async () => {
    const { id, outs } = await createUser("drift-deleted");
    world.google.state.deleteUser(id);
    expect(await provider.read!(id, outs)).toEqual({ id: "", props: {} });
  });
});

describe("refresh cost", () => {
  it("serves N reads of one domain from ceil(N/500) list calls, shared by concurrent reads", async () => {
    const bulkDomain = "bulk.example.com";
    world.addDomain(bulkDomain);
    const template = (await createUser("template")).outs;
    const n = 1_201;
    const props: WorkspaceUserOutputs[] = [];
    for (let i = 0; i < n; i++) {
      const user = world.google.state.addUser({
        customerId: world.google.customerId,
        primaryEmail: `m${i}@${bulkDomain}`,
        givenName: "Bulk",
        familyName: String(i),
        // Pre-hashed, as the API allows: scrypt for 1,200 clear-text passwords would dominate the test.
        password: "0000000000000000000000000000000000000000",
        hashFunction: "SHA-1",
      });
      props.push({ ...template, userId: user.id, email: user.primaryEmail });
    }
    world.google.state.suspendUser(props[7]!.userId);
    world.google.state.renameUser(props[8]!.userId, "moved-away@other.example.com");
    world.google.state.clearCalls();
    forgetAllListings();

    const reads = await Promise.all(props.map((p) => provider.read!(p.userId, p)));

    expect(world.google.state.callCount("directory.users.list")).toBe(Math.ceil((n - 1) / 500));
    // Only the mailbox renamed out of the domain needs its own GET.
    expect(world.google.state.callCount("directory.users.get")).toBe(1);
    expect(reads[7]!.props).toMatchObject({ suspended: true });
    expect(reads[8]!.props).toMatchObject({ email: "moved-away@other.example.com" });
    expect(reads[9]!.props).toMatchObject({ email: `m9@${bulkDomain}`, suspended: false });
  });
});

describe("secrets", () => {
  it("never writes the password to the console, even when calls fail and are retried", async () => {
    const printed: string[] = [];
    const capture = (...args: unknown[]) => {
      printed.push(args.map(String).join(" "));
    };
    const spies = [
      vi.spyOn(console, "log").mockImplementation(capture),
      vi.spyOn(console, "error").mockImplementation(capture),
      vi.spyOn(console, "warn").mockImplementation(capture),
      vi.spyOn(console, "info").mockImplementation(capture),
      vi.spyOn(console, "debug").mockImplementation(capture),
      vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
        capture(chunk);
        return true;
      }),
      vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
        capture(chunk);
        return true;
      }),
    ];
    try {
      world.google.faults.serverErrorNext(1, 503, { endpoint: "directory.users.insert" });
      const { id, outs, inputs: declared } = await createUser("quiet");
      world.google.faults.serverErrorNext(10, 503, { endpoint: "directory.users.patch" });
      const failed = await failureOf(provider.update!(id, outs, { ...declared, firstName: "Q" }));
      printed.push(failed.message, String(failed.stack));
      world.google.faults.clear();
      await provider.delete!(id, outs);
      for (const line of printed) expect(line).not.toContain(outs.password);
      expect(printed.join("\n")).not.toContain("PRIVATE KEY");
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});

describe("check", () => {
  /** check with this key held by the process (undefined: none). */
  async function checkWithKey(key: string | undefined, raw: Record<string, unknown> = inputs("k")) {
    const restore = stackCredentials.use({ serviceAccountKey: key });
    try {
      return await provider.check!({}, raw);
    } finally {
      restore();
    }
  }

  it("reports a broken stack key at its configuration path without quoting it", async () => {
    const broken = await checkWithKey('{"type":"authorized_user","secret":"s3cr3t-value"}');
    expect(broken.failures).toHaveLength(1);
    expect(broken.failures![0]!.reason).toContain(
      "mailinfra:google.serviceAccountKey is not a usable service-account key",
    );
    expect(broken.failures![0]!.reason).not.toContain("s3cr3t-value");
    const notJson = await checkWithKey("-----BEGIN PRIVATE KEY----- abc");
    expect(notJson.failures![0]!.reason).toContain("is not JSON");
    expect(notJson.failures![0]!.reason).toContain(
      "pulumi config set --secret --path 'mailinfra:google.serviceAccountKey'",
    );
    expect(notJson.failures![0]!.reason).not.toContain("abc");
  });

  it("without a key in the stack configuration, fails at preview naming the path and the command", async () => {
    const missing = await checkWithKey(undefined);
    expect(missing.failures).toEqual([
      {
        property: "",
        reason: expect.stringContaining(
          "mailinfra:google.serviceAccountKey is not set in the stack configuration",
        ),
      },
    ]);
    expect(missing.failures![0]!.reason).toContain(
      "Run: pulumi config set --secret --path 'mailinfra:google.serviceAccountKey' < service-account.json",
    );
  });

  it("drops a key given as an input (a program of the previous version): it never reaches the state", async () => {
    const checked = await checkWithKey(world.connection.serviceAccountKey, {
      ...inputs("k"),
      serviceAccountKey: world.connection.serviceAccountKey,
    });
    expect(checked.failures ?? []).toEqual([]);
    expect(checked.inputs).not.toHaveProperty("serviceAccountKey");
    const unknown = await checkWithKey(world.connection.serviceAccountKey, {
      ...inputs("k"),
      firstName: unknownValue,
    });
    expect(unknown.failures ?? []).toEqual([]);
  });
});

describe("a mailbox created before keys were held once (its inputs and outputs hold the key)", () => {
  async function legacyUser(username: string) {
    const created = await createUser(username);
    const key = world.connection.serviceAccountKey;
    return {
      ...created,
      olds: { ...created.outs, serviceAccountKey: key } as WorkspaceUserOutputs,
    };
  }

  it("shows no change against today's inputs, which lack the key", async () => {
    const { id, olds, inputs: declared } = await legacyUser("legacy");
    expect(await provider.diff!(id, olds, declared)).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("refreshes and deletes with its stored key when the process holds none (a loader stored back then)", async () => {
    const { id, olds } = await legacyUser("legacy-held");
    const restore = stackCredentials.use({ serviceAccountKey: undefined });
    try {
      expect((await provider.read!(id, olds)).props).toMatchObject({ email: `legacy-held@${domain}` });
      await provider.delete!(id, olds);
      expect(world.google.state.getUser(id)?.suspended).toBe(true);
      const { serviceAccountKey: _stored, ...keyless } = olds as WorkspaceUserOutputs & {
        serviceAccountKey?: string;
      };
      const error = await failureOf(provider.read!(id, keyless));
      expect(error.message).toContain(
        "mailinfra:google.serviceAccountKey is not set in the stack configuration",
      );
    } finally {
      restore();
    }
  });
});

describe("what keeps a new mailbox from being usable", () => {
  /** The lines the provider prints on stderr (its progress path) while `run` runs. */
  async function progressOf<T>(
    run: () => Promise<T>,
  ): Promise<{ lines: string[]; result?: T; error?: Error }> {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      return { lines, result: await run() };
    } catch (error) {
      return { lines, error: error as Error };
    } finally {
      spy.mockRestore();
    }
  }

  it("waits while Google is still creating the user, with one progress line naming the mailbox, then creates it", async () => {
    // Long enough that the first users.get after the insert lands inside it even on a loaded machine.
    const delay = world.google.state.userCreationDelayMs;
    world.google.state.userCreationDelayMs = 1_500;
    const { lines, result, error } = await progressOf(() => createUser("fresh")).finally(() => {
      world.google.state.userCreationDelayMs = delay;
    });
    expect(error).toBeUndefined();
    const user = world.google.state.getUser(result!.id)!;
    expect(user.primaryEmail).toBe(`fresh@${domain}`);
    expect(world.google.state.isMailboxSetup(world.google.state.findUser(result!.id)!)).toBe(true);
    const mine = lines.filter((line) => line.includes(`fresh@${domain}`));
    expect(mine).toEqual([
      expect.stringMatching(/waiting for Google Workspace \(Google is still creating the user/),
    ]);
    // The mailbox is usable at once afterwards: an update right away is not refused.
    const updated = await provider.update!(result!.id, result!.outs, { ...result!.inputs, firstName: "Ann" });
    expect((updated.outs as WorkspaceUserOutputs).firstName).toBe("Ann");
  });

  it("fails naming the missing Gmail licence and where to assign one when no licence is left", async () => {
    world.google.state.setLicencesAvailable(0);
    const restore = workspaceSettings.use({ mailboxSetupWaitMs: 600 });
    try {
      const { error } = await progressOf(() => createUser("nolicence"));
      expect(error?.message).toContain(
        `Mailbox nolicence@${domain} exists in Google Workspace but has no Gmail mailbox`,
      );
      expect(error?.message).toContain("no Google Workspace licence that includes Gmail");
      expect(error?.message).toContain(`Admin console → Directory → Users → nolicence@${domain} → Licenses`);
    } finally {
      world.google.state.setLicencesAvailable(undefined);
      restore();
    }
  });

  it("fails at once on an address Google says is taken but no user of the account has, naming each cause and its fix, without looping", async () => {
    world.google.state.addConsumerAccount(`personal@${domain}`);
    const error = await failureOf(createUser("personal"));
    expect(error.message).toContain('Google answered 409 "Entity already exists." to users.insert');
    // A user still being created is the first thing to rule out: renaming the mailbox would orphan it.
    expect(error.message).toMatch(/\(1\) a user created for it moments ago may still be being set up/);
    expect(error.message).toContain("(2) a group or another user's alias uses the address");
    expect(error.message).toContain("https://support.google.com/cloudidentity/answer/7044710");
    expect(error.message).toMatch(/transfers it to your organisation .* or renames it/);
    expect(error.message).toContain("Choose another username only if none of these clears.");
    expect(world.google.state.callCount("directory.users.insert")).toBe(1);
    expect(world.google.state.callCount("directory.users.get")).toBe(1);
  });
});
