import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type EmulatedWorkspace, startEmulatedWorkspace } from "../../emulators/google/workspace-fixture";
import { workspaceSettings } from "./client-settings";
import { getDomain } from "./directory-domains";
import { getUser, insertUser, listDomainUsers } from "./directory-users";
import type { WorkspaceApiError } from "./google-errors";
import type { RetryObservation } from "./google-retry";
import { googlePassword } from "./mailbox-password";
import { getDnsTxtToken } from "./site-verification";
import { workspaceClient } from "./workspace-client";

const retries: RetryObservation[] = [];
let world: EmulatedWorkspace;

beforeAll(async () => {
  workspaceSettings.use({
    retry: { retries: 4, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 5_000 },
    timeoutMs: 2_000,
    onRetry: (observation) => retries.push(observation),
  });
  world = await startEmulatedWorkspace();
  world.addDomain("mail.example.com");
});

afterAll(() => world.stop());

afterEach(() => {
  world.google.faults.clear();
  world.google.state.clearCalls();
  retries.length = 0;
});

async function caught(promise: Promise<unknown>): Promise<WorkspaceApiError> {
  try {
    await promise;
  } catch (error) {
    return error as WorkspaceApiError;
  }
  throw new Error("expected the call to fail");
}

describe("one access token", () => {
  it("is fetched once from the key's token_uri and reused for every call", async () => {
    const client = workspaceClient(world.connection);
    await Promise.all(Array.from({ length: 12 }, () => getUser(client, world.google.adminEmail)));
    await listDomainUsers(client, "mail.example.com");
    await getDomain(workspaceClient(world.connection), "mail.example.com");
    await getDnsTxtToken(client, "mail.example.com");
    const state = world.google.state;
    expect(state.callCount("oauth.token")).toBe(1);
    expect(state.callCount("directory.users.get", { status: 200 })).toBe(12);
    expect(state.callCount("directory.domains.get", { status: 200 })).toBe(1);
    // The token carries the impersonated admin and exactly the three narrow scopes.
    const [token] = [...state.tokens.values()];
    expect(token!.subject).toBe(world.google.adminEmail);
    expect([...token!.scopes].sort()).toEqual([
      "https://www.googleapis.com/auth/admin.directory.domain",
      "https://www.googleapis.com/auth/admin.directory.user",
      "https://www.googleapis.com/auth/siteverification.verify_only",
    ]);
  });
});

describe("token refresh", () => {
  it("gets a new token when Google rejects the cached one (401), and goes on", async () => {
    const client = workspaceClient(world.connection);
    await getUser(client, world.google.adminEmail);
    world.google.state.clearCalls();
    world.google.state.expireTokens();
    expect((await getUser(client, world.google.adminEmail))?.isAdmin).toBe(true);
    expect(world.google.state.callCount("directory.users.get", { status: 401 })).toBe(1);
    expect(world.google.state.callCount("oauth.token", { status: 200 })).toBe(1);
    expect(world.google.state.callCount("directory.users.get", { status: 200 })).toBe(1);
  });
});

describe("retries", () => {
  it("waits as long as Retry-After says on 429, then succeeds", async () => {
    const client = workspaceClient(world.connection);
    await getUser(client, world.google.adminEmail); // token in hand, so only the API call is timed
    world.google.state.clearCalls();
    world.google.faults.rateLimitNext(1, 1, { endpoint: "directory.users.get" });
    const started = Date.now();
    const user = await getUser(client, world.google.adminEmail);
    const elapsed = Date.now() - started;
    expect(user?.primaryEmail).toBe(world.google.adminEmail);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(2_500);
    expect(world.google.state.callCount("directory.users.get", { status: 429 })).toBe(1);
    expect(world.google.state.callCount("directory.users.get", { status: 200 })).toBe(1);
    expect(retries).toMatchObject([{ attempt: 1, delayMs: 1000, status: 429, reason: "rateLimitExceeded" }]);
  });

  it("retries 403 userRateLimitExceeded (the Directory API's quota answer) but not 403 forbidden", async () => {
    const client = workspaceClient(world.connection);
    world.google.faults.rateLimitNext(2, 0, { endpoint: "directory.domains.get" }, 403);
    expect((await getDomain(client, "mail.example.com"))?.verified).toBe(true);
    expect(world.google.state.callCount("directory.domains.get")).toBe(3);
    const error = await caught(
      getDomain(workspaceClient({ ...world.connection, customerId: "C0other" }), "x.com"),
    );
    expect(error.kind).toBe("insufficientPermissions");
    expect(error.retries).toBe(0);
  });

  it("retries 5xx with backoff", async () => {
    const client = workspaceClient(world.connection);
    world.google.faults.serverErrorNext(2, 503, { endpoint: "directory.users.list" });
    world.google.faults.serverErrorNext(1, 500, { endpoint: "directory.users.list" });
    const users = await listDomainUsers(client, "mail.example.com");
    expect(users).toEqual([]);
    expect(world.google.state.callCount("directory.users.list", { fault: "serverError" })).toBe(3);
    expect(world.google.state.callCount("directory.users.list", { status: 200 })).toBe(1);
    expect(retries.map((r) => r.status)).toEqual([503, 503, 500]);
    for (const retry of retries) expect(retry.delayMs).toBeLessThanOrEqual(20);
  });

  it("retries a dropped connection, including on the token endpoint", async () => {
    const fresh = await startEmulatedWorkspace();
    try {
      fresh.google.faults.dropNext(1, "before", { endpoint: "oauth.token" });
      fresh.google.faults.dropNext(1, "before", { endpoint: "directory.users.get" });
      const user = await getUser(workspaceClient(fresh.connection), fresh.google.adminEmail);
      expect(user?.isAdmin).toBe(true);
      expect(fresh.google.state.callCount("oauth.token", { fault: "drop" })).toBe(1);
      expect(fresh.google.state.callCount("oauth.token", { status: 200 })).toBe(1);
      expect(fresh.google.state.callCount("directory.users.get", { fault: "drop" })).toBe(1);
      expect(fresh.google.state.callCount("directory.users.get", { status: 200 })).toBe(1);
    } finally {
      await fresh.stop();
    }
  });

  it("gives up after the configured retries with a message that says what to do", async () => {
    const client = workspaceClient(world.connection);
    world.google.faults.rateLimitNext(10, 0, { endpoint: "directory.users.get" });
    const error = await caught(getUser(client, "someone@mail.example.com"));
    expect(error.kind).toBe("quotaExceeded");
    expect(error.message).toContain("after 4 retries");
    expect(error.message).toMatch(/run `pulumi up` again|raise the Admin SDK API quota/);
    expect(world.google.state.callCount("directory.users.get")).toBe(5);
  });
});

describe("concurrency", () => {
  it("never has more requests in flight than the process-wide limit", async () => {
    const client = workspaceClient(world.connection);
    await getUser(client, world.google.adminEmail);
    const restore = workspaceSettings.use({ concurrency: 2 });
    world.google.state.clearCalls();
    world.google.faults.latency(60, { endpoint: "directory.users.get" });
    await Promise.all(Array.from({ length: 8 }, () => getUser(client, world.google.adminEmail))).finally(
      restore,
    );
    expect(world.google.state.callCount("directory.users.get", { status: 200 })).toBe(8);
    expect(world.google.state.peakInFlight).toBe(2);
  });
});

describe("error messages", () => {
  it("explains missing domain-wide delegation with the client id and the scopes to grant", async () => {
    const narrow = await startEmulatedWorkspace({
      delegatedScopes: ["https://www.googleapis.com/auth/admin.directory.user"],
    });
    try {
      const error = await caught(getUser(workspaceClient(narrow.connection), narrow.google.adminEmail));
      expect(error.kind).toBe("delegationNotAuthorized");
      expect(error.message).toContain(narrow.clientId);
      expect(error.message).toContain("Domain-wide delegation");
      expect(error.message).toContain(
        "https://www.googleapis.com/auth/admin.directory.user,https://www.googleapis.com/auth/admin.directory.domain,https://www.googleapis.com/auth/siteverification.verify_only",
      );
    } finally {
      await narrow.stop();
    }
  });

  it("says when the impersonated admin is no admin", async () => {
    world.google.state.addUser({
      customerId: world.google.customerId,
      primaryEmail: "clerk@admin.mailinfra.test",
      givenName: "C",
      familyName: "Lerk",
      password: "not-relevant-here",
    });
    const client = workspaceClient({ ...world.connection, adminEmail: "clerk@admin.mailinfra.test" });
    const error = await caught(getUser(client, world.google.adminEmail));
    expect(error.kind).toBe("insufficientPermissions");
    expect(error.message).toContain("must be a super admin");
    const unknown = workspaceClient({ ...world.connection, adminEmail: "nobody@admin.mailinfra.test" });
    const missing = await caught(getUser(unknown, world.google.adminEmail));
    expect(missing.kind).toBe("adminNotFound");
    expect(missing.message).toContain("nobody@admin.mailinfra.test is not an active user");
  });

  it("names invalid usernames, unverified domains and existing users", async () => {
    const client = workspaceClient(world.connection);
    const password = googlePassword("Str0ng-enough-password");
    const base = { givenName: "Ann", familyName: "Lee", orgUnitPath: "/", password };
    const invalid = await caught(insertUser(client, { ...base, primaryEmail: "ann..lee@mail.example.com" }));
    expect(invalid.kind).toBe("invalidUsername");
    expect(invalid.message).toContain("letters, numbers");
    world.addDomain("fresh.example.com", false);
    const unverified = await caught(insertUser(client, { ...base, primaryEmail: "ann@fresh.example.com" }));
    expect(unverified.kind).toBe("domainNotVerified");
    expect(unverified.message).toContain("WorkspaceDomainVerification");
    expect((await insertUser(client, { ...base, primaryEmail: "ann@mail.example.com" })).kind).toBe(
      "created",
    );
    expect(await insertUser(client, { ...base, primaryEmail: "ann@mail.example.com" })).toEqual({
      kind: "exists",
      afterRetry: false,
    });
  });

  it("reports a network failure after retrying", async () => {
    const closed = await startEmulatedWorkspace();
    const connection = closed.connection;
    await closed.stop();
    const error = await caught(getUser(workspaceClient(connection), "a@b.example"));
    expect(error.kind).toBe("network");
    expect(error.message).toContain("Google did not answer");
    expect(error.message).toContain("after 4 retries");
  });

  it("never carries the password in a thrown error", async () => {
    const client = workspaceClient(world.connection);
    const secret = "Very-secret-Passw0rd-4711";
    const password = googlePassword(secret);
    const error = await caught(
      insertUser(client, {
        primaryEmail: "bob@mail.example.com",
        givenName: "Bob",
        familyName: "Ray",
        orgUnitPath: "/no/such/unit",
        password,
      }),
    );
    expect(error.kind).toBe("invalidOrgUnit");
    const everything = `${error.message}\n${error.stack}\n${inspect(error, { depth: 10 })}`;
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(password.hash);
  });
});
