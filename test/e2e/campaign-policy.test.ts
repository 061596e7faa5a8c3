import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { utcDate } from "../../components/campaign-policy/campaign-policy";
import { parseConfig } from "../../components/config/parse";
import { planRecords } from "../../components/dns/record-set";
import { type LocalWorld, startLocalWorld } from "../../emulators/local-world";
import { repoRoot } from "../../scripts/engine/index";
import { sendingDomain } from "../support/fleet";
import { runAuthorize } from "./support/authorize";
import { type CliRun, destructiveLines, npmRunPulumi } from "./support/cli";

/**
 * The deliverability policy as a user meets it, every command typed as README writes it (`npm run pulumi -- …`),
 * on a stack that declares no `campaignPolicy`, so the documented defaults hold: 14 days of warmup, a health score
 * of at least 70, no blocklist listing. Two domains, one mailbox each, both declaring the same Smartlead campaign:
 * `wait-a.test` is clean, `listed-b.test` is on the local Spamhaus DBL from the start.
 *
 * - once connected, neither mailbox joins: `up` exits 0, one line each, and `waitingMailboxes` says why and, for
 *   the clean one, the day it can join;
 * - time passes in Smartlead (the accounts' warmup started 20 days ago): the next `up` assigns the clean domain's
 *   mailbox and changes nothing else; the listed one still waits, for its listing alone;
 * - the listing is gone: the next `up` assigns it;
 * - the clean domain is listed later: its mailbox, already in its campaign, stays there (`whenListed: keep`).
 */

let world: LocalWorld;
let backendDir: string;
const stack = `test-policy-${process.pid}`;
const stackFile = path.join(repoRoot, "stacks", `Pulumi.${stack}.yaml`);
const clean = "wait-a.test";
const listed = "listed-b.test";
const ana = `ana@${clean}`;
const anaListed = `ana@${listed}`;
let campaignId: number;

const env = () => ({ PULUMI_BACKEND_URL: `file://${backendDir}` });
const pulumi = (...args: string[]) => npmRunPulumi(args, { env: env() });

function expectOk(run: CliRun): void {
  expect(run.code, `${run.command}\n${run.output}`).toBe(0);
}

interface Waiting {
  address: string;
  campaignIds: number[];
  reasons: string[];
  joinsOn?: string;
}

async function waitingMailboxes(): Promise<Waiting[]> {
  const run = await pulumi("stack", "output", "waitingMailboxes", "--json", "--stack", stack);
  expectOk(run);
  return JSON.parse(run.output.slice(run.output.search(/[[{]/)));
}

/** The campaigns a mailbox's Smartlead account is in, as Smartlead's campaign page shows them. */
function campaignsOf(address: string): number[] | undefined {
  const account = world.smartlead.state.findByEmail(address);
  return account && world.smartlead.state.campaignIdsOf(account.id);
}

/** The resources an `up` changed, as its output lists them (`~ update`, `+ create` …), by name. */
function changed(output: string): string[] {
  return [...output.matchAll(/^\s*[~+-]+\s+\S+\s+(\S+)\s+(?:updated|created|deleted|replaced)\b/gm)]
    .map((m) => m[1]!)
    .sort();
}

beforeAll(async () => {
  world = await startLocalWorld({ resolverLagsMs: [0], dblListed: [listed] });
  backendDir = fs.mkdtempSync(path.join(os.tmpdir(), "mailinfra-policy-state-"));
  campaignId = world.smartlead.state.addCampaign({ name: "Policy Q4", status: "PAUSED" }).id;
});
afterAll(async () => {
  fs.rmSync(stackFile, { force: true });
  fs.rmSync(backendDir, { recursive: true, force: true });
  await world?.stop();
});

describe("campaign policy: mailboxes join their campaigns only when it is safe", () => {
  it("a stack holding two domains whose mailboxes are connected (stack init, stack file, secrets, up, authorize, up)", async () => {
    expectOk(await pulumi("stack", "init", stack));
    const config = Object.fromEntries(
      Object.entries(world.stackConfig()).map(([key, { value }]) => [key, JSON.parse(value)]),
    );
    const { serviceAccountKey, oauthClient, ...google } = config["mailinfra:google"];
    const { apiKey, ...smartlead } = config["mailinfra:smartlead"];
    const domains = [clean, listed].map((name) =>
      sendingDomain(name, { mailboxes: 1, campaignIds: [campaignId] }),
    );
    const file = parse(fs.readFileSync(stackFile, "utf8")) ?? {};
    // No mailinfra:defaults and no campaignPolicy: the documented policy.
    fs.writeFileSync(
      stackFile,
      stringify({
        ...file,
        config: {
          "mailinfra:domains": domains,
          "mailinfra:google": { ...google, oauthClient: { clientId: oauthClient.clientId } },
          "mailinfra:smartlead": smartlead,
          "mailinfra:readiness": config["mailinfra:readiness"],
        },
      }),
    );
    for (const [key, value] of [
      ["mailinfra:google.serviceAccountKey", serviceAccountKey],
      ["mailinfra:google.oauthClient.clientSecret", oauthClient.clientSecret],
      ["mailinfra:smartlead.apiKey", apiKey],
    ] as const) {
      expectOk(
        await npmRunPulumi(["config", "set", "--secret", "--path", key, "--stack", stack], {
          env: env(),
          input: value,
        }),
      );
    }
    const parsed = parseConfig({ "mailinfra:domains": domains });
    expect(parsed.config?.domains.map((d) => d.campaignPolicy)).toEqual([
      { warmupDays: 14, minHealthScore: 70, whenListed: "keep" },
      { warmupDays: 14, minHealthScore: 70, whenListed: "keep" },
    ]);
    for (const domain of parsed.config?.domains ?? []) {
      world.publish(
        planRecords(domain, { googleVerificationToken: world.google.expectedVerificationToken(domain.name) }),
      );
    }
    expectOk(await pulumi("up", "--yes", "--stack", stack));
    const shown = await pulumi("stack", "output", "mailboxPasswords", "--show-secrets", "--stack", stack);
    expectOk(shown);
    const passwords = JSON.parse(shown.output.slice(shown.output.indexOf("{")));
    const authorize = await runAuthorize(stack, ["--port", String(world.authorizePort)], passwords, env());
    expect(authorize.code, authorize.output).toBe(0);
  });

  it("up connects both mailboxes and assigns neither: exit 0, one line each, waitingMailboxes says why and when", async () => {
    const up = await pulumi("up", "--yes", "--stack", stack);
    expectOk(up);
    expect(
      destructiveLines(up.output).filter((l) => !/replace/.test(l)),
      up.output,
    ).toEqual([]);
    expect(up.output).not.toMatch(/^\s*error:/m);
    const today = utcDate(new Date());
    const joinsOn = utcDate(new Date(Date.now() + 14 * 86_400_000));
    for (const address of [ana, anaListed]) {
      expect(world.smartlead.state.findByEmail(address), address).toBeDefined();
      expect(campaignsOf(address), address).toEqual([]);
    }
    // Its account was connected by this very run: its warmup starts now.
    expect(up.output).toContain(
      `${ana} waits to join campaign ${campaignId}: its warmup starts when its account is connected (in this run, or once authorized): 14 days from then, ${joinsOn} at the earliest; it can join on ${joinsOn}.`,
    );
    expect(up.output).toContain(`${anaListed} waits to join campaign ${campaignId}: `);
    expect(up.output).toContain(`${listed} is listed on Spamhaus DBL (127.0.1.2`);
    // The next up reads the warmup start Smartlead reports for the account, and changes nothing.
    const again = await pulumi("up", "--yes", "--stack", stack);
    expectOk(again);
    expect(changed(again.output), again.output).toEqual([]);
    expect(again.output).toContain(
      `${ana} waits to join campaign ${campaignId}: warming up since ${today}: 14 days end on ${joinsOn}; it can join on ${joinsOn}. The next \`pulumi up\` after that assigns it.`,
    );
    const waiting = await waitingMailboxes();
    expect(waiting.map((w) => w.address).sort()).toEqual([ana, anaListed].sort());
    expect(waiting.find((w) => w.address === ana)).toEqual({
      address: ana,
      campaignIds: [campaignId],
      reasons: [`warming up since ${today}: 14 days end on ${joinsOn}`],
      joinsOn,
    });
    const onList = waiting.find((w) => w.address === anaListed);
    expect(onList?.joinsOn).toBeUndefined();
    expect(onList?.reasons.join("\n")).toMatch(/is listed on Spamhaus DBL/);
    expect(onList?.reasons.join("\n")).toMatch(/health score \d+ is below 70/);
  });

  it("time passes in Smartlead: the next up assigns the clean domain's mailbox and changes nothing else", async () => {
    const started = new Date(Date.now() - 20 * 86_400_000).toISOString();
    for (const address of [ana, anaListed])
      world.smartlead.state.findByEmail(address)!.warmup.createdAt = started;
    const up = await pulumi("up", "--yes", "--stack", stack);
    expectOk(up);
    expect(campaignsOf(ana)).toEqual([campaignId]);
    expect(campaignsOf(anaListed)).toEqual([]);
    expect(changed(up.output), up.output).toEqual([`${ana}-smartlead`]);
    expect(destructiveLines(up.output), up.output).toEqual([]);
    const waiting = await waitingMailboxes();
    expect(waiting.map((w) => w.address)).toEqual([anaListed]);
    expect(waiting[0]?.reasons.some((r) => /warming up/.test(r))).toBe(false);
    expect(waiting[0]?.reasons[0]).toMatch(new RegExp(`^${listed} is listed on Spamhaus DBL`));
  });

  it("the listing is gone: the next up assigns the other mailbox too", async () => {
    world.dnsbl.unlist("Spamhaus DBL", listed);
    const up = await pulumi("up", "--yes", "--stack", stack);
    expectOk(up);
    expect(campaignsOf(anaListed)).toEqual([campaignId]);
    expect(campaignsOf(ana)).toEqual([campaignId]);
    expect(changed(up.output), up.output).toEqual([`${anaListed}-smartlead`]);
    expect(up.output).not.toContain("waits to join");
    expect(await waitingMailboxes()).toEqual([]);
  });

  it("a domain listed once its mailbox is in its campaign: the mailbox stays there (whenListed: keep)", async () => {
    world.dnsbl.list("Spamhaus DBL", clean);
    const up = await pulumi("up", "--yes", "--stack", stack);
    expectOk(up);
    expect(campaignsOf(ana)).toEqual([campaignId]);
    expect(changed(up.output), up.output).toEqual([]);
    expect(await waitingMailboxes()).toEqual([]);
  });
});
