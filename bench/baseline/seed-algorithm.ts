import pLimit from "p-limit";
import type { DomainConfig } from "../../components/config/schema";
import type { MailDnsRecord } from "../../components/dns/record";
import { planRecords } from "../../components/dns/record-set";
import { consentTokens } from "../../emulators/mailbox-sign-in";
import type { BenchWorld } from "../bench-world";
import type { GateOpening } from "../readiness-latency";
import type { Registrar } from "../registrar";
import { propagated } from "./dns-status";
import { SeedGoogle } from "./google-rest";
import { mailboxAccessToken } from "./mailbox-token";
import { SeedSmartlead } from "./smartlead-rest";

/**
 * The seeds' backend (/work/shared/seeds/000_*.txt) as a plain imperative script against the same world:
 * domains in batches of 5 (the next batch starts when the whole batch is done); per domain: add it to
 * Workspace and get its DNS token, hand the records to the registrar, poll the DNS status every 30 s until
 * every record is served by every resolver, verify, create the mailboxes (at most 5 at once), then connect each
 * to Smartlead with one call per setting (connect, warmup, tracking domain) and assign it to each campaign
 * with a call of its own. All periods and backoffs on the world's scaled clock.
 */
export interface SeedContext {
  bw: BenchWorld;
  registrar: Registrar;
  google: SeedGoogle;
  smartlead: SeedSmartlead;
}

/** What the seeds' database holds after onboarding: each domain's records, each mailbox's Smartlead id. */
export interface SeedDatabase {
  records: Map<string, MailDnsRecord[]>;
  accounts: Map<string, number>;
}

const batchSize = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function seedContext(bw: BenchWorld, registrar: Registrar): SeedContext {
  const backoffMs = 1000 * bw.spec.scale;
  return {
    bw,
    registrar,
    google: new SeedGoogle({
      rootUrl: bw.world.google.url,
      serviceAccountKey: bw.world.serviceAccountKey,
      adminEmail: bw.world.google.adminEmail,
      customerId: bw.world.google.customerId,
      backoffMs,
    }),
    smartlead: new SeedSmartlead({
      baseUrl: bw.world.smartlead.baseUrl,
      apiKey: bw.world.smartlead.apiKey,
      backoffMs,
    }),
  };
}

/** A sign-in retried every 250 ms while the new user is not fully created, for at most 30 s. */
async function untilSignedIn<T>(signIn: () => Promise<T>): Promise<T> {
  for (let waited = 0; ; waited += 250) {
    try {
      return await signIn();
    } catch (error) {
      if (waited >= 30_000) throw error;
      await sleep(250);
    }
  }
}

async function inBatches<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += batchSize) {
    await Promise.all(items.slice(i, i + batchSize).map(work));
  }
}

function resolvers(ctx: SeedContext): string[] {
  return ctx.bw.world.dns.resolvers.map((r) => r.address);
}

export async function seedOnboard(
  ctx: SeedContext,
  domains: DomainConfig[],
): Promise<{ database: SeedDatabase; openings: GateOpening[] }> {
  const database: SeedDatabase = { records: new Map(), accounts: new Map() };
  const openings: GateOpening[] = [];
  // The seeds give up after 48 h; half an hour of the world's clock is plenty here.
  const timeoutMs = 30 * ctx.bw.spec.minuteMs;

  await inBatches(domains, async (domain) => {
    // Domain connection: Workspace domain and its verification token.
    await ctx.google.addDomain(domain.name);
    const token = await ctx.google.verificationToken(domain.name);
    // DNS setup: the records, handed to the registrar (manual DNS).
    const records = planRecords(domain, { googleVerificationToken: token });
    database.records.set(domain.name, records);
    ctx.registrar.publish(domain.name, records);
    // DNS status, polled every 30 s until complete.
    const started = Date.now();
    while (!(await propagated(records, resolvers(ctx)))) {
      if (Date.now() - started > timeoutMs) throw new Error(`${domain.name}: DNS did not propagate`);
      await sleep(ctx.bw.spec.seedPollMs);
    }
    openings.push({ domain: domain.name, readyAt: Date.now() });
    await ctx.google.verify(domain.name);
    // Email provisioning: at most 5 accounts at once.
    const provision = pLimit(5);
    const created = await Promise.all(
      domain.mailboxes.map((m) =>
        provision(async () => ({
          mailbox: m,
          password: await ctx.google.createUser({
            email: m.address,
            firstName: m.firstName,
            lastName: m.lastName,
          }),
        })),
      ),
    );
    // Each mailbox's person signs in once (Gmail refuses the password over SMTP/IMAP), as for mailinfra; a user
    // just created cannot sign in until Google has finished creating it, so the sign-in is tried again.
    const refreshTokens = Object.assign(
      {},
      ...(await Promise.all(
        created.map(({ mailbox, password }) =>
          untilSignedIn(() => consentTokens(ctx.bw.world, { [mailbox.address]: password })),
        ),
      )),
    ) as Record<string, string>;
    // Smartlead: "Connect all", then a call per setting and per campaign.
    const tracking = domain.tracking.provider === "none" ? "" : `${domain.tracking.subdomain}.${domain.name}`;
    await Promise.all(
      created.map(async ({ mailbox }) => {
        const id = await ctx.smartlead.connectOAuth(
          { email: mailbox.address, fromName: `${mailbox.firstName} ${mailbox.lastName}` },
          await mailboxAccessToken(ctx.bw.world, refreshTokens[mailbox.address]!),
          mailbox.smartlead.maxEmailsPerDay,
        );
        await ctx.smartlead.setWarmup(id, mailbox.smartlead.warmup);
        if (tracking) await ctx.smartlead.setTrackingDomain(id, tracking);
        for (const campaignId of mailbox.smartlead.campaignIds)
          await ctx.smartlead.assignToCampaign(campaignId, id);
        database.accounts.set(mailbox.address, id);
      }),
    );
  });
  return { database, openings };
}

/**
 * The seeds have no drift check; the straightforward one reads every resource back, one call each, in the
 * same batches of 5: the Workspace domain, the DNS status (one look), each user, each Smartlead account.
 */
export async function seedDriftCheck(
  ctx: SeedContext,
  domains: DomainConfig[],
  database: SeedDatabase,
): Promise<void> {
  await inBatches(domains, async (domain) => {
    await ctx.google.getDomain(domain.name);
    await propagated(database.records.get(domain.name) ?? [], resolvers(ctx));
    await Promise.all(
      domain.mailboxes.map(async (m) => {
        await ctx.google.getUser(m.address);
        const id = database.accounts.get(m.address);
        if (id !== undefined) await ctx.smartlead.getAccount(id);
      }),
    );
  });
}
