import { generateKeyPairSync } from "node:crypto";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailinfra } from "../../components/program";
import { type LocalWorld, startLocalWorld } from "../../emulators/local-world";
import { type TestStack, testStack } from "../engine/stack";
import { reportedIssues } from "./faults-support/reported-issues";

/**
 * Bad stack configuration, run through the real engine and the real program against a live local world:
 * `preview` (and `up`, for some) must fail naming the exact config path and a fix, create nothing, and
 * never reach Google or Smartlead. One stack and one world serve every case; only the config changes.
 */

let world: LocalWorld;
let t: TestStack;
/** What the stack's config holds right now, to change only what a case changes. */
let current: ConfigMap = {};

const manual = { host: "manual", registrar: "namecheap" };
const mailbox = (username: string, extra: Record<string, unknown> = {}) => ({
  username,
  firstName: "Ana",
  lastName: "Lima",
  ...extra,
});
const rsaPublicKey = (bits: number) =>
  generateKeyPairSync("rsa", { modulusLength: bits })
    .publicKey.export({ type: "spki", format: "der" })
    .toString("base64");
const dkim2048 = rsaPublicKey(2048);

/** A valid domain with two mailboxes; each case breaks one thing. */
const domain = (overrides: Record<string, unknown> = {}) => ({
  name: "send-a.test",
  dns: manual,
  dkim: { publicKey: dkim2048 },
  mailboxes: [mailbox("ana"), mailbox("ben")],
  ...overrides,
});

function withDomains(domains: unknown[], extra: ConfigMap = {}): ConfigMap {
  return { ...world.stackConfig(), "mailinfra:domains": { value: JSON.stringify(domains) }, ...extra };
}

function withReadiness(readiness: Record<string, unknown>): ConfigMap {
  const base = JSON.parse(world.stackConfig()["mailinfra:readiness"].value);
  return withDomains([domain()], {
    "mailinfra:readiness": { value: JSON.stringify({ ...base, ...readiness }) },
  });
}

function withGoogle(google: Record<string, unknown>): ConfigMap {
  const base = JSON.parse(world.stackConfig()["mailinfra:google"].value);
  return withDomains([domain()], {
    "mailinfra:google": { value: JSON.stringify({ ...base, ...google }), secret: true },
  });
}

interface BadConfig {
  /** What the user did wrong. */
  name: string;
  config: () => ConfigMap;
  /** Every error the run must report, by exact config path, with a word of its fix. */
  errors: { path: string; fix: RegExp }[];
  /** Also run `up`, not only `preview`. */
  up?: boolean;
}

const cases: BadConfig[] = [
  {
    name: "declared no domain at all",
    config: () => {
      const { "mailinfra:domains": _, ...rest } = withDomains([]);
      return rest;
    },
    errors: [{ path: "mailinfra:domains", fix: /Add `domains`/ }],
    up: true,
  },
  {
    name: "left the domain list empty",
    config: () => withDomains([]),
    errors: [{ path: "mailinfra:domains", fix: /at least 1 entries/ }],
  },
  {
    name: "wrote a URL instead of a domain name",
    config: () => withDomains([domain({ name: "https://send-a.test/mail" })]),
    errors: [{ path: "mailinfra:domains[0].name", fix: /registered domain only/ }],
    up: true,
  },
  {
    name: "declared the same domain twice, once in Unicode and once in punycode",
    config: () => withDomains([domain({ name: "bücher.de" }), domain({ name: "xn--bcher-kva.de" })]),
    errors: [{ path: "mailinfra:domains[1].name", fix: /merge their mailboxes into mailinfra:domains\[0\]/ }],
  },
  {
    name: "chose a username Google refuses (two periods in a row)",
    config: () => withDomains([domain({ mailboxes: [mailbox("ana"), mailbox("ana..lima")] })]),
    errors: [{ path: "mailinfra:domains[0].mailboxes[1].username", fix: /ana\.lima/ }],
    up: true,
  },
  {
    name: "chose a username Google reserves (postmaster)",
    config: () => withDomains([domain({ mailboxes: [mailbox("postmaster")] })]),
    errors: [{ path: "mailinfra:domains[0].mailboxes[0].username", fix: /Pick another username/ }],
  },
  {
    name: "declared the same mailbox twice, differing only in case",
    config: () => withDomains([domain({ mailboxes: [mailbox("ana"), mailbox("Ana")] })]),
    errors: [{ path: "mailinfra:domains[0].mailboxes[1].username", fix: /Remove the duplicate/ }],
    up: true,
  },
  {
    name: "gave every domain a reserved mailbox through mailinfra:defaults",
    config: () =>
      withDomains([{ name: "send-a.test" }, { name: "send-b.test" }], {
        "mailinfra:defaults": {
          value: JSON.stringify({
            dns: manual,
            dkim: { publicKey: dkim2048 },
            mailboxes: [mailbox("abuse")],
          }),
        },
      }),
    errors: [{ path: "mailinfra:defaults.mailboxes[0].username", fix: /Pick another username/ }],
  },
  {
    name: "listed SPF includes that need more than 10 DNS lookups",
    config: () =>
      withDomains([
        domain({ spf: { includes: Array.from({ length: 10 }, (_, i) => `spf${i + 1}.vendor.example`) } }),
      ]),
    errors: [{ path: "mailinfra:domains[0].spf.includes", fix: /spf\.flatten: true/ }],
  },
  {
    name: "listed so many SPF addresses that the record exceeds 512 bytes",
    config: () =>
      withDomains([domain({ spf: { ip4: Array.from({ length: 40 }, (_, i) => `203.0.113.${i + 1}`) } })]),
    errors: [{ path: "mailinfra:domains[0].spf", fix: /include: of your provider/ }],
  },
  {
    name: "wrote an SPF include with the mechanism name",
    config: () => withDomains([domain({ spf: { includes: ["include:spf.vendor.example"] } })]),
    errors: [{ path: "mailinfra:domains[0].spf.includes[0]", fix: /spf\.vendor\.example/ }],
  },
  {
    name: "gave a DMARC report address without mailto:",
    config: () => withDomains([domain({ dmarc: { rua: "dmarc@send-a.test" } })]),
    errors: [{ path: "mailinfra:domains[0].dmarc.rua[0]", fix: /mailto:dmarc@example\.com/ }],
  },
  {
    name: "set a DMARC policy that does not exist",
    config: () => withDomains([domain({ dmarc: { p: "block" } })]),
    errors: [{ path: "mailinfra:domains[0].dmarc.p", fix: /none, quarantine, reject/ }],
  },
  {
    name: "pasted a DKIM key that is not base64",
    config: () => withDomains([domain({ dkim: { publicKey: "p=MIIB@@not-base64@@" } })]),
    errors: [{ path: "mailinfra:domains[0].dkim.publicKey", fix: /Paste the TXT value Google shows/ }],
  },
  {
    name: "pasted a 512-bit DKIM key",
    config: () => withDomains([domain({ dkim: { publicKey: rsaPublicKey(512) } })]),
    errors: [{ path: "mailinfra:domains[0].dkim.publicKey", fix: /2048-bit key/ }],
    up: true,
  },
  {
    name: "put the tracking host on the DMARC record's name",
    config: () => withDomains([domain({ tracking: { subdomain: "_dmarc" } })]),
    errors: [
      { path: "mailinfra:domains[0].tracking.subdomain", fix: /no underscores/ },
      { path: "mailinfra:domains[0].tracking.subdomain", fix: /cannot share its name/ },
    ],
  },
  {
    name: "chose a custom mail platform without any MX host",
    config: () => withDomains([domain({ platform: { kind: "custom", mx: [] }, mailboxes: [] })]),
    errors: [{ path: "mailinfra:domains[0].platform.mx", fix: /at least 1 entries/ }],
  },
  {
    name: "declared mailboxes on a Microsoft 365 domain",
    config: () => withDomains([domain({ platform: { kind: "microsoft-365", tenant: "contoso" }, dkim: {} })]),
    errors: [{ path: "mailinfra:domains[0].mailboxes", fix: /platform: google-workspace/ }],
  },
  {
    name: "named a registrar mailinfra does not know",
    config: () => withDomains([domain({ dns: { host: "manual", registrar: "gandi" } })]),
    errors: [{ path: "mailinfra:domains[0].dns.registrar", fix: /namecheap/ }],
  },
  {
    name: "chose Cloudflare DNS without its account id",
    config: () => withDomains([domain({ dns: { host: "cloudflare" } })]),
    errors: [{ path: "mailinfra:domains[0].dns.accountId", fix: /Add `accountId`/ }],
    up: true,
  },
  {
    name: "pasted the Cloudflare account name instead of its id",
    config: () => withDomains([domain({ dns: { host: "cloudflare", accountId: "acme-marketing" } })]),
    errors: [{ path: "mailinfra:domains[0].dns.accountId", fix: /Account ID from the Cloudflare dashboard/ }],
  },
  {
    name: "set the readiness timeout above two days",
    config: () => withReadiness({ timeoutMinutes: 5000 }),
    errors: [{ path: "mailinfra:readiness.timeoutMinutes", fix: /at most 2880/ }],
  },
  {
    name: "gave a readiness resolver by host name",
    config: () => withReadiness({ resolvers: ["dns.google"], quorum: 1 }),
    errors: [{ path: "mailinfra:readiness.resolvers[0]", fix: /ip:port/ }],
  },
  {
    name: "asked for a quorum larger than the resolver list",
    config: () => withReadiness({ quorum: 5 }),
    errors: [{ path: "mailinfra:readiness.quorum", fix: /at most 1/ }],
  },
  {
    name: "set the Smartlead API key without --secret",
    config: () => {
      const smartlead = world.stackConfig()["mailinfra:smartlead"];
      return withDomains([domain()], { "mailinfra:smartlead": { value: smartlead.value, secret: false } });
    },
    errors: [{ path: "mailinfra:smartlead.apiKey", fix: /pulumi config set --secret/ }],
    up: true,
  },
  {
    name: "stored something other than the service-account JSON key",
    config: () => withGoogle({ serviceAccountKey: "my-service-account@project.iam.gserviceaccount.com" }),
    errors: [{ path: "mailinfra:google.serviceAccountKey", fix: /JSON key for the service account/ }],
  },
  {
    name: "gave an admin that is not an email address",
    config: () => withGoogle({ adminEmail: "admin" }),
    errors: [{ path: "mailinfra:google.adminEmail", fix: /Correct `adminEmail`/ }],
  },
  {
    name: "declared mailboxes without any Google Workspace account",
    config: () => {
      const { "mailinfra:google": _, ...rest } = withDomains([domain()]);
      return rest;
    },
    errors: [{ path: "mailinfra:google", fix: /mailinfra:google\.adminEmail/ }],
  },
  {
    name: "asked for more warmup emails a day than Smartlead allows",
    config: () =>
      withDomains([domain({ mailboxes: [mailbox("ana", { smartlead: { warmup: { perDay: 500 } } })] })]),
    errors: [{ path: "mailinfra:domains[0].mailboxes[0].smartlead.warmup.perDay", fix: /at most 200/ }],
  },
  {
    name: "misspelled a top-level key (mailinfra:domain)",
    config: () => withDomains([domain()], { "mailinfra:domain": { value: "send-b.test" } }),
    errors: [{ path: "mailinfra:domain", fix: /mailinfra:domains/ }],
  },
  {
    name: "misspelled a domain setting (mailbox instead of mailboxes)",
    config: () => {
      const { mailboxes, ...rest } = domain();
      return withDomains([{ ...rest, mailbox: mailboxes }]);
    },
    errors: [{ path: "mailinfra:domains[0].mailbox", fix: /fix its spelling/ }],
  },
  {
    name: "wrote the TTL as text",
    config: () => withDomains([domain({ ttl: "1h" })]),
    errors: [{ path: "mailinfra:domains[0].ttl", fix: /Write a number for `ttl`/ }],
  },
  {
    name: "wrote the mailboxes as one string instead of a list",
    config: () => withDomains([domain({ mailboxes: "ana, ben" })]),
    errors: [{ path: "mailinfra:domains[0].mailboxes", fix: /an array/ }],
  },
  {
    name: "put a domain name in mailinfra:defaults",
    config: () =>
      withDomains([domain()], { "mailinfra:defaults": { value: JSON.stringify({ name: "send-a.test" }) } }),
    errors: [{ path: "mailinfra:defaults.name", fix: /set it on each entry of mailinfra:domains/ }],
  },
];

/** Brings the stack's config to exactly `next`, touching only keys that change. */
async function useConfig(next: ConfigMap): Promise<void> {
  const stale = Object.keys(current).filter((key) => !(key in next));
  if (stale.length > 0) await t.stack.removeAllConfig(stale);
  const changed = Object.fromEntries(
    Object.entries(next).filter(([key, v]) => JSON.stringify(current[key]) !== JSON.stringify(v)),
  );
  if (Object.keys(changed).length > 0) await t.stack.setAllConfig(changed);
  current = next;
}

async function failure(run: Promise<unknown>): Promise<string> {
  const outcome = await run.then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
  if (outcome === undefined) throw new Error("the engine accepted a bad configuration");
  return outcome;
}

function emulatorCalls(): number {
  return world.google.state.calls.length + world.smartlead.state.callCount();
}

async function mailinfraResources(): Promise<string[]> {
  const state = await t.stack.exportStack();
  const resources: { type: string }[] = state.deployment.resources ?? [];
  return resources.map((r) => r.type).filter((type) => type !== "pulumi:pulumi:Stack");
}

beforeAll(async () => {
  world = await startLocalWorld({ resolverLagsMs: [0] });
  t = await testStack({ program: async () => ({ domains: mailinfra().domains }) });
});
afterAll(async () => {
  await t?.dispose();
  await world?.stop();
});

describe("bad stack configuration under the real engine", () => {
  it("the same stack and world accept the valid base configuration: preview plans the whole fleet", async () => {
    await useConfig(withDomains([domain()]));
    const preview = await t.stack.preview({ color: "never" });
    // Stack, MailDomain, WorkspaceDomain, readiness, verification, 2 × (Mailbox, user, Smartlead account), provider.
    expect(preview.changeSummary.create).toBeGreaterThanOrEqual(11);
    expect(await mailinfraResources()).toEqual([]);
  });

  it.each(cases)("rejects it when the user $name", async (bad) => {
    const callsBefore = emulatorCalls();
    await useConfig(bad.config());
    const runs: (() => Promise<unknown>)[] = [() => t.stack.preview({ color: "never" })];
    if (bad.up) runs.push(() => t.stack.up({ color: "never" }));
    for (const run of runs) {
      const text = await failure(run());
      const reported = reportedIssues(text);
      expect(reported.map((i) => i.path).sort()).toEqual(bad.errors.map((e) => e.path).sort());
      for (const expected of bad.errors) {
        expect(
          reported.some((i) => i.path === expected.path && expected.fix.test(i.fix)),
          `a fix for ${expected.path} matching ${expected.fix} in:\n${text}`,
        ).toBe(true);
      }
      expect(text).toContain("nothing was created or changed");
      // Credentials are never echoed, not even when misplaced.
      expect(text).not.toContain(world.smartlead.apiKey);
      expect(text).not.toContain("PRIVATE KEY");
    }
    // A preview never writes resources; an up would have, had the program registered any.
    if (bad.up) expect(await mailinfraResources()).toEqual([]);
    expect(emulatorCalls()).toBe(callsBefore);
  });

  it("no case left anything in the state or reached Google or Smartlead", async () => {
    expect(await mailinfraResources()).toEqual([]);
    expect(world.google.state.calls).toEqual([]);
    expect(world.smartlead.state.calls).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });
});
