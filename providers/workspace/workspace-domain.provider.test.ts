import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ZoneStore } from "../../emulators/dns";
import { laggingDnsTxtVerifier } from "../../emulators/google/dns-verification-lag";
import { type EmulatedWorkspace, startEmulatedWorkspace } from "../../emulators/google/workspace-fixture";
import { stackCredentials } from "../credentials";
import { workspaceSettings } from "./client-settings";
import { forgetAllListings } from "./refresh-listing";
import { provider as domainProvider, type WorkspaceDomainOutputs } from "./workspace-domain.provider";
import {
  provider as verificationProvider,
  type WorkspaceDomainVerificationOutputs,
} from "./workspace-domain-verification.provider";

/** The progress lines the verification provider printed, per test. */
let reported: string[] = [];

let world: EmulatedWorkspace;

beforeAll(async () => {
  workspaceSettings.use({
    retry: { retries: 3, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 2_000 },
    timeoutMs: 2_000,
    onRetry: undefined,
    report: (line) => reported.push(line),
  });
  world = await startEmulatedWorkspace();
  // What the engine hands the provider process: the stack's key (mailinfra:google.serviceAccountKey).
  stackCredentials.use({ serviceAccountKey: world.connection.serviceAccountKey });
});

afterAll(() => {
  stackCredentials.reset();
  return world.stop();
});

afterEach(() => {
  reported = [];
  world.google.faults.clear();
  world.google.state.clearCalls();
  forgetAllListings();
});

async function addDomain(domain: string, extra: Record<string, unknown> = {}) {
  const checked = await domainProvider.check!({}, { ...world.account, domain, ...extra });
  expect(checked.failures ?? []).toEqual([]);
  const created = await domainProvider.create(checked.inputs);
  return { id: created.id, outs: created.outs as WorkspaceDomainOutputs, inputs: checked.inputs };
}

async function verifyDomain(domain: string, token: string, extra: Record<string, unknown> = {}) {
  const checked = await verificationProvider.check!(
    {},
    {
      ...world.account,
      domain,
      verificationToken: token,
      readinessToken: "ready",
      waitSeconds: 0.3,
      pollSeconds: 0.05,
      ...extra,
    },
  );
  expect(checked.failures ?? []).toEqual([]);
  const created = await verificationProvider.create(checked.inputs);
  return { id: created.id, outs: created.outs as WorkspaceDomainVerificationOutputs, inputs: checked.inputs };
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a failure");
}

describe("WorkspaceDomain", () => {
  it("adds the domain unverified and outputs the DNS_TXT token Google expects", async () => {
    const { id, outs } = await addDomain("Send.Example.com");
    expect(id).toBe("send.example.com");
    expect(world.google.state.getDomain("send.example.com")).toMatchObject({
      customerId: world.google.customerId,
      verified: false,
    });
    expect(outs).toMatchObject({ verified: false, isPrimary: false, adopted: false, onDelete: "retain" });
    expect(outs.verificationToken).toBe(world.google.expectedVerificationToken("send.example.com"));
    expect(outs.verificationToken).toMatch(/^google-site-verification=[A-Za-z0-9_-]{43}$/);
  });

  it("adopts a domain already on the account instead of failing", async () => {
    world.addDomain("already.example.com", true);
    const { outs } = await addDomain("already.example.com");
    expect(outs).toMatchObject({ adopted: true, verified: true });
  });

  it("refuses a domain that belongs to another Workspace account, saying so", async () => {
    world.google.state.addCustomer("C0someoneelse");
    world.google.state.addDomain("C0someoneelse", "taken.example.com", { verified: true });
    const error = await failureOf(addDomain("taken.example.com"));
    expect(error.message).toContain("already registered to another Google Workspace");
    expect(world.google.state.getDomain("taken.example.com")?.customerId).toBe("C0someoneelse");
  });

  it("rejects a malformed domain in check", async () => {
    const checked = await domainProvider.check!({}, { ...world.account, domain: "https://x.example.com/" });
    expect(checked.failures).toEqual([
      { property: "domain", reason: expect.stringContaining("domain name") },
    ]);
  });

  it("retains the domain on delete by default; removes it with onDelete: remove", async () => {
    const kept = await addDomain("kept.example.com");
    await domainProvider.delete!(kept.id, kept.outs);
    expect(world.google.state.getDomain("kept.example.com")).toBeDefined();
    expect(world.google.state.callCount("directory.domains.delete")).toBe(0);
    const removed = await addDomain("removed.example.com", { onDelete: "remove" });
    await domainProvider.delete!(removed.id, removed.outs);
    expect(world.google.state.getDomain("removed.example.com")).toBeUndefined();
  });

  it("fetches a new token when another admin asks; other connection changes make no call", async () => {
    const { id, outs, inputs } = await addDomain("admins.example.com");
    world.google.state.addUser({
      customerId: world.google.customerId,
      primaryEmail: "second-admin@admin.mailinfra.test",
      givenName: "Second",
      familyName: "Admin",
      password: "irrelevant-password",
      isAdmin: true,
    });
    const news = { ...inputs, adminEmail: "second-admin@admin.mailinfra.test" };
    expect(await domainProvider.diff!(id, outs, news)).toEqual({ changes: true, replaces: [] });
    const updated = (await domainProvider.update!(id, outs, news)).outs as WorkspaceDomainOutputs;
    expect(updated.verificationToken).toBe(
      world.google.expectedVerificationToken("admins.example.com", "second-admin@admin.mailinfra.test"),
    );
    expect(updated.verificationToken).not.toBe(outs.verificationToken);
    expect(await domainProvider.diff!(id, outs, { ...inputs, domain: "other.example.com" })).toMatchObject({
      replaces: ["domain"],
    });
  });

  it("read reports Workspace's verified flag, and a domain removed by hand as gone", async () => {
    const { id, outs } = await addDomain("readme.example.com");
    world.google.state.setDomainVerified("readme.example.com", true);
    expect((await domainProvider.read!(id, outs)).props).toMatchObject({ verified: true });
    forgetAllListings();
    world.google.state.removeDomain("readme.example.com");
    expect(await domainProvider.read!(id, outs)).toEqual({ id: "", props: {} });
  });
});

describe("WorkspaceDomainVerification", () => {
  it("verifies once the TXT record is visible, making the Workspace domain verified", async () => {
    const domain = await addDomain("verify.example.com");
    world.google.state.publishTxt("verify.example.com", domain.outs.verificationToken);
    const { id, outs } = await verifyDomain("verify.example.com", domain.outs.verificationToken);
    expect(id).toBe("verify.example.com");
    expect(outs).toMatchObject({ verified: true, owners: [world.google.adminEmail] });
    expect(world.google.state.getDomain("verify.example.com")?.verified).toBe(true);
  });

  it("keeps asking while Google's resolvers lag, then succeeds", async () => {
    const domain = await addDomain("lagging.example.com");
    const asked: { domain: string; token: string }[] = [];
    let visibleAfter = 3;
    world.google.setDnsTxtVerifier(async (name, token) => {
      asked.push({ domain: name, token });
      return --visibleAfter <= 0;
    });
    try {
      const { outs } = await verifyDomain("lagging.example.com", domain.outs.verificationToken, {
        waitSeconds: 2,
      });
      expect(outs.verified).toBe(true);
      expect(asked).toHaveLength(3);
      expect(asked[0]).toEqual({ domain: "lagging.example.com", token: domain.outs.verificationToken });
      expect(world.google.state.callCount("siteVerification.webResource.insert", { status: 400 })).toBe(2);
    } finally {
      world.google.setDnsTxtVerifier(
        async (name, token) => world.google.state.txtRecords.get(name)?.has(token) ?? false,
      );
    }
  });

  it("retries while Google's own DNS lags behind the zone the readiness gate saw, saying so, then verifies", async () => {
    const domain = await addDomain("google-lag.example.com");
    const zones = new ZoneStore();
    zones.addZone("google-lag.example.com");
    world.google.setDnsTxtVerifier(laggingDnsTxtVerifier(zones, 1_500));
    try {
      // Published, and served at once by a resolver without lag: the readiness gate would pass now.
      zones.add({ name: "google-lag.example.com", type: "TXT", strings: [domain.outs.verificationToken] });
      const { outs } = await verifyDomain("google-lag.example.com", domain.outs.verificationToken, {
        waitSeconds: 30,
        pollSeconds: 15,
      });
      expect(outs).toMatchObject({ verified: true, owners: [world.google.adminEmail] });
      expect(outs.verificationProblem).toBeUndefined();
      expect(world.google.state.getDomain("google-lag.example.com")?.verified).toBe(true);
      const refused = world.google.state.callCount("siteVerification.webResource.insert", { status: 400 });
      expect(refused).toBeGreaterThanOrEqual(1);
      expect(reported).toHaveLength(refused);
      expect(reported[0]).toBe(
        "WorkspaceDomainVerification google-lag.example.com: Google has not seen the TXT record yet, retrying in 1 s " +
          "(ask 1; Google's own DNS can lag behind the resolvers the readiness gate asked; mailinfra keeps asking for 30 s in all).",
      );
    } finally {
      world.google.setDnsTxtVerifier(
        async (name, token) => world.google.state.txtRecords.get(name)?.has(token) ?? false,
      );
    }
  });

  it("past its budget fails with what blocks and what to check, before any mailbox is attempted; the next up verifies", async () => {
    const domain = await addDomain("missing-txt.example.com");
    const failure = await verifyDomain("missing-txt.example.com", domain.outs.verificationToken, {
      waitSeconds: 0.2,
      pollSeconds: 0.05,
    }).then(
      () => "",
      (error: Error) => error.message,
    );
    expect(failure).toBe(
      `missing-txt.example.com is still unverified: Google has not seen the TXT record "${domain.outs.verificationToken}" ` +
        "after 0.2 s of asking, though the readiness gate's resolvers serve it. Google checks DNS itself and can lag " +
        "behind public resolvers (DNS changes can take up to 72 hours to reach Google: https://support.google.com/a/answer/7514107). " +
        "Check that `dig +short TXT missing-txt.example.com @8.8.8.8` prints exactly that value (at the domain itself, " +
        "not a subdomain), then run `pulumi up` again: it asks Google again. Its mailboxes are created once Google has verified it.",
    );
    expect(reported.at(-1)).toBe(`WorkspaceDomainVerification ${failure}`);
    expect(
      reported
        .slice(0, -1)
        .every((line) => line.includes("Google has not seen the TXT record yet, retrying")),
    ).toBe(true);
    expect(world.google.state.getDomain("missing-txt.example.com")?.verified).toBe(false);
    // The next `up` creates it again, and once Google sees the record it verifies.
    world.google.state.publishTxt("missing-txt.example.com", domain.outs.verificationToken);
    const next = await verifyDomain("missing-txt.example.com", domain.outs.verificationToken);
    expect(next.outs.verified).toBe(true);
    expect(next.outs.verificationProblem).toBeUndefined();
  });

  it("sees verification lost by hand on read, and verifies again on the next update", async () => {
    const domain = await addDomain("relapse.example.com");
    world.google.state.publishTxt("relapse.example.com", domain.outs.verificationToken);
    const { id, outs, inputs } = await verifyDomain("relapse.example.com", domain.outs.verificationToken);
    world.google.state.setDomainVerified("relapse.example.com", false);
    const read = await verificationProvider.read!(id, outs);
    expect(read.props).toMatchObject({ verified: false });
    expect(await verificationProvider.diff!(id, read.props, inputs)).toMatchObject({ changes: true });
    const again = (await verificationProvider.update!(id, read.props, inputs))
      .outs as WorkspaceDomainVerificationOutputs;
    expect(again.verified).toBe(true);
    expect(world.google.state.getDomain("relapse.example.com")?.verified).toBe(true);
    // A new readiness run alone is no reason to verify again.
    expect(await verificationProvider.diff!(id, again, { ...inputs, readinessToken: "later" })).toMatchObject(
      {
        changes: false,
      },
    );
  });
});

describe("refresh cost", () => {
  it("reads of every domain of the account share one domains.list call", async () => {
    const created = [];
    for (let i = 0; i < 25; i++) created.push(await addDomain(`fleet${i}.example.com`));
    world.google.state.clearCalls();
    forgetAllListings();
    const reads = await Promise.all(created.map((d) => domainProvider.read!(d.id, d.outs)));
    expect(reads.every((r) => r.id)).toBe(true);
    expect(world.google.state.callCount("directory.domains.list")).toBe(1);
    expect(world.google.state.callCount("directory.domains.get")).toBe(0);
  });
});

describe("a domain and its verification created before keys were held once (their outputs hold the key)", () => {
  it("show no change against today's inputs, which lack the key, and refresh with the stored key when the process holds none", async () => {
    const key = world.connection.serviceAccountKey;
    const domain = await addDomain("legacy.example.com");
    world.google.state.publishTxt("legacy.example.com", domain.outs.verificationToken);
    const verification = await verifyDomain("legacy.example.com", domain.outs.verificationToken);
    const domainOlds = { ...domain.outs, serviceAccountKey: key } as WorkspaceDomainOutputs;
    const verificationOlds = {
      ...verification.outs,
      serviceAccountKey: key,
    } as WorkspaceDomainVerificationOutputs;
    expect(await domainProvider.diff!(domain.id, domainOlds, domain.inputs)).toEqual({
      changes: false,
      replaces: [],
    });
    expect(await verificationProvider.diff!(verification.id, verificationOlds, verification.inputs)).toEqual({
      changes: false,
      replaces: [],
    });
    const restore = stackCredentials.use({ serviceAccountKey: undefined });
    try {
      forgetAllListings();
      expect((await domainProvider.read!(domain.id, domainOlds)).props).toMatchObject({ verified: true });
      expect((await verificationProvider.read!(verification.id, verificationOlds)).props).toMatchObject({
        verified: true,
      });
    } finally {
      restore();
    }
  });
});
