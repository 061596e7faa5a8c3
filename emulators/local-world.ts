import { randomBytes } from "node:crypto";
import * as net from "node:net";
import type { ConfigMap, EngineEvent } from "@pulumi/pulumi/automation";
import type { MailDnsRecord } from "../components/dns/record";
import { SMARTLEAD_RATE_LIMITS } from "../providers/smartlead/limits";
import { DnsblZones, type DnsWorld, startDnsWorld } from "./dns";
import { publishPlatformSpf } from "./dns/platform-spf";
import { type GoogleEmulator, start as startGoogle } from "./google";
import { aggregateReportMail, type DmarcReportContent, type DmarcReporter } from "./google/dmarc-report-mail";
import { GOOGLE_DNS_VERIFICATION_LAG_MS, laggingDnsTxtVerifier } from "./google/dns-verification-lag";
import { type MailWorld, startMailWorld } from "./mail";
import { plausibleWarmupWeek, type SmartleadEmulator, start as startSmartlead } from "./smartlead";
import { oauthValidationAt } from "./smartlead/oauth-validation-at-google";

/**
 * Everything mailinfra talks to, on this machine: DNS resolvers with propagation lag, the Google and Smartlead
 * emulators, and real SMTP/IMAP endpoints that sign Workspace users in as Gmail does (OAuth or an app password,
 * never the user's password). Shared by the demo,
 * the end-to-end suite and the benchmark.
 */
/**
 * The demo domain the local Spamhaus DBL lists by default (stacks/Pulumi.local.yaml), so the demo's health report
 * shows a listed domain.
 */
export const LOCAL_DBL_LISTED = ["getacme.test"];

export interface LocalWorldOptions {
  /**
   * Domains the local Spamhaus DBL lists as spam domains (127.0.1.2) from the start; `world.dnsbl` changes any list
   * later. @default LOCAL_DBL_LISTED
   * @example []   # every list clean
   */
  dblListed?: string[];
  /** Propagation lag of each resolver the readiness gate asks. @default [0, 400, 1200] ms */
  resolverLagsMs?: number[];
  /** Smartlead requests per minute and key. @default 60 */
  smartleadRateLimit?: number;
  /**
   * Smartlead requests per second and key, on top of the minute (Standard tier: 10,
   * https://api.smartlead.ai/guides/rate-limits). @default 10
   */
  smartleadBurstLimit?: number;
  /**
   * Google Directory API queries per minute and service account (Google publishes 2,400).
   * @default undefined (no limit, as before)
   */
  googleDirectoryQueriesPerMinute?: number;
  /**
   * How late Google's own DNS check (Site Verification's insert) sees a record, independent of the readiness
   * resolvers' lags: the gate passing is no promise that Google sees the TXT token yet.
   * @default GOOGLE_DNS_VERIFICATION_LAG_MS (3 s, emulators/google/dns-verification-lag.ts)
   */
  googleVerificationLagMs?: number;
  /** Scales the rate-limit minute of Smartlead and Google (0.05 → 3 s), for benchmarks. @default 1 */
  timeScale?: number;
  /**
   * How long a Workspace user made through the API is not fully created (users.get 404, changes 412 "User
   * creation is not complete.", sign-in refused), as at Google. @default the Google emulator's (1 s)
   */
  googleUserCreationDelayMs?: number;
  /**
   * DMARC aggregate reports the reports mailbox has received when the world starts (Google's, Yahoo's and
   * Outlook.com's for yesterday), read by `npm run health` once `up` has created the mailbox; `false` for none.
   * @default LOCAL_DMARC_REPORTS: stacks/Pulumi.local.yaml's mailbox and demo domains
   */
  dmarcReports?: { mailbox: string; domains: string[] } | false;
}

/** The reports mailbox (mailinfra:dmarcReports) and the domains of stacks/Pulumi.local.yaml. */
export const LOCAL_DMARC_REPORTS = {
  mailbox: "dmarc-reports@acme-outreach.test",
  domains: ["acme-outreach.test", "tryacme.test", "getacme.test"],
};

export interface RegistrarOptions {
  /**
   * Domains (as their readiness gate names them: ASCII, lower case) whose records this registrar does not
   * publish, as when a registrar or a nameserver change takes hours: their gates time out while the rest of
   * the fleet goes on. @default [] (every domain is published)
   * @example world.registrar(300, { unpublished: ["slow.test"] })
   */
  unpublished?: string[];
}

/** The registrar `world.registrar()` plays: an `onEvent` handler for `up`. */
export interface Registrar {
  (event: EngineEvent): void;
  /**
   * The registrar catches up on an unpublished domain: the records its gates asked for so far are published
   * after the registrar's lag, and so are those of every later gate.
   */
  release(domain: string): void;
}

/** The customer's own Google OAuth client, registered in the Google emulator and in Smartlead. */
export interface LocalOAuthClient {
  clientId: string;
  clientSecret: string;
}

export interface LocalWorld {
  dns: DnsWorld;
  /**
   * The blocklists (Spamhaus DBL and ZEN, SURBL, URIBL, Barracuda, SpamCop) the DNS world's resolvers answer:
   * `list`/`unlist` a domain or IP, `answerEveryQuery(list, "127.255.255.254")` to play a refused resolver,
   * `acceptDqsKey(key)` for Spamhaus DQS.
   */
  dnsbl: DnsblZones;
  google: GoogleEmulator;
  smartlead: SmartleadEmulator;
  mail: MailWorld;
  /**
   * How late Google's own DNS check sees a record now (`LocalWorldOptions.googleVerificationLagMs`); set it
   * between runs to play a Google that takes longer than the readiness gate's timeout.
   */
  googleVerificationLagMs: number;
  /** The service-account key the Google emulator trusts; secret config, never written anywhere. */
  serviceAccountKey: string;
  /**
   * The Internal OAuth client the customer created for mailinfra (Cloud console), trusted for loopback
   * redirects (`npm run authorize`) and registered in Smartlead's Private Infrastructure OAuth setup.
   */
  oauthClient: LocalOAuthClient;
  /** The loopback port registered on the OAuth client: run `npm run authorize -- --port <it>`. */
  authorizePort: number;
  /** Stack configuration pointing mailinfra at this world; secrets flagged as such. */
  stackConfig(): ConfigMap;
  /**
   * Plays the registrar of manual-DNS domains: publishes `records` after `lagMs`, as a person would after
   * reading them from `pulumi up`'s output.
   */
  publish(records: MailDnsRecord[], lagMs?: number): void;
  /**
   * An `onEvent` handler for `up`: whenever the engine starts a readiness gate, the records it waits for are
   * published after `lagMs` — the registrar reading `pulumi up`'s output for manual-DNS domains. Domains in
   * `options.unpublished` are left as a registrar hours late leaves them, until `release(domain)`.
   */
  registrar(lagMs?: number, options?: RegistrarOptions): Registrar;
  stop(): Promise<void>;
}

export async function startLocalWorld(options: LocalWorldOptions = {}): Promise<LocalWorld> {
  const lags = options.resolverLagsMs ?? [0, 400, 1200];
  const dnsWorld = await startDnsWorld({
    resolvers: lags.map((lagMs, i) => ({ name: `resolver-${i + 1}`, lagMs })),
  });
  // Google's SPF chain, which every Workspace domain's SPF includes (emulators/dns/platform-spf.ts).
  publishPlatformSpf(dnsWorld.zones);
  const dnsbl = new DnsblZones(dnsWorld.zones);
  for (const domain of options.dblListed ?? LOCAL_DBL_LISTED) dnsbl.list("Spamhaus DBL", domain);
  const google = await startGoogle({
    // Read at each check, so a test can make Google slower between two runs (world.googleVerificationLagMs).
    verifyDnsTxt: (domain, token) =>
      laggingDnsTxtVerifier(dnsWorld.zones, world.googleVerificationLagMs)(domain, token),
    ...(options.googleDirectoryQueriesPerMinute
      ? { directoryQueriesPerMinute: options.googleDirectoryQueriesPerMinute }
      : {}),
    ...(options.timeScale ? { timeScale: options.timeScale } : {}),
    ...(options.googleUserCreationDelayMs !== undefined
      ? { userCreationDelayMs: options.googleUserCreationDelayMs }
      : {}),
  });
  const key = google.issueServiceAccountKey();
  // Gmail's rules: a Workspace user's plain password is refused on SMTP and IMAP; XOAUTH2 with a Gmail-scope
  // token, or an app password of a 2-Step user, signs in (https://support.google.com/a/answer/14114704).
  const mail = await startMailWorld({ authenticate: google.gmailLogin });
  const oauthClient: LocalOAuthClient = {
    clientId: `${randomBytes(6).toString("hex")}-mailinfra.apps.googleusercontent.com`,
    clientSecret: `GOCSPX-${randomBytes(18).toString("base64url")}`,
  };
  // A Web application client of the customer's organisation (Internal), as Smartlead's Private Infrastructure
  // setup asks: Smartlead's callback and the loopback address `npm run authorize --port` listens on, exactly.
  const authorizePort = await freePort();
  google.oauth.registerOAuthClient({
    ...oauthClient,
    type: "web",
    redirectUris: [SMARTLEAD_OAUTH_CALLBACK, `http://127.0.0.1:${authorizePort}`],
    internal: true,
    customerId: google.customerId,
  });
  const passwordLogin = (username: string, password: string, protocol: "smtp" | "imap") =>
    google.gmailLogin({ protocol, method: "PLAIN", username, password });
  const smartlead = await startSmartlead({
    ...(options.smartleadRateLimit ? { rateLimit: options.smartleadRateLimit } : {}),
    burstLimit: options.smartleadBurstLimit ?? SMARTLEAD_RATE_LIMITS.burst.requests,
    ...(options.timeScale ? { timeScale: options.timeScale } : {}),
    verifyMailbox: async (mailbox) => {
      const smtp = passwordLogin(mailbox.smtp.username, mailbox.smtp.password, "smtp");
      const imap = passwordLogin(mailbox.imap.username, mailbox.imap.password, "imap");
      if (smtp.ok && imap.ok) return { ok: true };
      const failed = [...(smtp.ok ? [] : ["SMTP" as const]), ...(imap.ok ? [] : ["IMAP" as const])];
      return { ok: false, error: !smtp.ok ? smtp.reply : !imap.ok ? imap.reply : "", failed };
    },
    // The demo's mailboxes were created minutes ago; the health report shows them after a plausible week.
    warmupHistory: plausibleWarmupWeek,
    // Smartlead refreshes the token at Google's token endpoint and logs in with XOAUTH2.
    ...oauthValidationAt(google),
  });
  smartlead.state.registerOAuthClient(oauthClient);
  if (options.dmarcReports !== false)
    deliverDmarcReports(google, options.dmarcReports ?? LOCAL_DMARC_REPORTS);
  const zones = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  const publish = (records: MailDnsRecord[], lagMs = 0): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      for (const record of records) {
        const apex = zoneOf(record.name, records);
        if (!zones.has(apex)) {
          dnsWorld.zones.addZone(apex);
          zones.add(apex);
        }
      }
      dnsWorld.zones.addMail(...records.filter((r) => !present(dnsWorld, r)));
    }, lagMs);
    timers.add(timer);
  };

  const world: LocalWorld = {
    dns: dnsWorld,
    dnsbl,
    google,
    googleVerificationLagMs: options.googleVerificationLagMs ?? GOOGLE_DNS_VERIFICATION_LAG_MS,
    smartlead,
    mail,
    serviceAccountKey: key.keyJson,
    oauthClient,
    authorizePort,
    stackConfig: () => ({
      "mailinfra:google": {
        value: JSON.stringify({
          adminEmail: google.adminEmail,
          customerId: google.customerId,
          rootUrl: google.url,
          mailServers: {
            smtp: { host: mail.smtp.host, port: mail.smtp.port },
            imap: { host: mail.imaps.host, port: mail.imaps.port },
            selfSignedCertificates: true,
          },
          serviceAccountKey: key.keyJson,
          oauthClient,
        }),
        secret: true,
      },
      "mailinfra:smartlead": {
        value: JSON.stringify({ baseUrl: smartlead.baseUrl, apiKey: smartlead.apiKey }),
        secret: true,
      },
      "mailinfra:readiness": {
        value: JSON.stringify({
          resolvers: dnsWorld.resolvers.map((r) => r.address),
          quorum: "all",
          timeoutMinutes: 10,
        }),
      },
      // The campaign policy of a test world, said openly: the world's Smartlead starts an account's warmup when `up`
      // connects it, so under the documented 14 days no mailbox of a test would join its campaigns, and test domains
      // publish no DKIM key (-25 points of the health score). Tests here mean mailboxes ready to send: no warmup
      // period, no score threshold. Blocklist listings still hold mailboxes back (test/e2e/campaign-policy.test.ts tests the
      // documented policy).
      "mailinfra:defaults": {
        value: JSON.stringify({ campaignPolicy: { warmupDays: 0, minHealthScore: 0 } }),
      },
    }),
    publish,
    registrar(lagMs = 2000, options: RegistrarOptions = {}) {
      const unpublished = new Set(options.unpublished ?? []);
      /** Per unpublished domain, the records its gates asked for. */
      const withheld = new Map<string, MailDnsRecord[]>();
      const registrar = (event: EngineEvent) => {
        const step = event.resourcePreEvent?.metadata;
        if (!step?.type.endsWith(":DnsReadiness") || !["create", "update"].includes(step.op)) return;
        const inputs = step.new?.inputs as { domain?: string; records?: MailDnsRecord[] } | undefined;
        if (!inputs?.records?.length) return;
        const records = inputs.records;
        if (inputs.domain && unpublished.has(inputs.domain)) {
          withheld.set(inputs.domain, [...(withheld.get(inputs.domain) ?? []), ...records]);
          return;
        }
        publish(records, lagMs);
      };
      return Object.assign(registrar, {
        release(domain: string) {
          unpublished.delete(domain);
          const records = withheld.get(domain);
          withheld.delete(domain);
          if (records?.length) publish(records, lagMs);
        },
      });
    },
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      await Promise.allSettled([dnsWorld.stop(), google.stop(), smartlead.stop(), mail.stop()]);
    },
  };
  return world;
}

/**
 * Yesterday's aggregate reports for each domain, one reporter each in turn (Google zipped, Yahoo and Outlook.com
 * gzipped): the domain's Google Workspace mail passing DMARC, and on the first domain a few messages from a
 * documentation address (RFC 5737) that fail it, as a spoofer's would — few enough that DMARC still passes for
 * more than 90 % of the mail, so no health points are lost over them.
 */
function deliverDmarcReports(google: GoogleEmulator, reports: { mailbox: string; domains: string[] }): void {
  const reporters: DmarcReporter[] = ["google", "yahoo", "microsoft"];
  const today = new Date(new Date().toISOString().slice(0, 10));
  const begin = new Date(today.getTime() - 86_400_000);
  const end = new Date(today.getTime() - 1_000);
  reports.domains.forEach((domain, i) => {
    const reporter = reporters[i % reporters.length]!;
    const rows: DmarcReportContent["rows"] = [
      { sourceIp: "209.85.220.41", count: 180 - i * 60, dkim: "pass", spf: "pass" },
      ...(i === 0
        ? [{ sourceIp: "203.0.113.7", count: 6, dkim: "fail" as const, spf: "fail" as const }]
        : []),
    ];
    const report = { domain, begin, end, reportId: `${reporter}-${domain}-${begin.getTime() / 1000}`, rows };
    google.state.gmail.deliver(reports.mailbox, aggregateReportMail(reporter, reports.mailbox, report));
  });
}

/** The shortest name among the records that is a suffix of `name`: the zone apex of a domain's record set. */
function zoneOf(name: string, records: MailDnsRecord[]): string {
  const apexes = records.map((r) => r.name).filter((n) => name === n || name.endsWith(`.${n}`));
  return apexes.sort((a, b) => a.length - b.length)[0] ?? name;
}

function present(world: DnsWorld, record: MailDnsRecord): boolean {
  return world.zones.current().some((r) => {
    if (r.name !== record.name || r.type !== record.type) return false;
    if (r.type === "TXT") return r.strings.join("") === record.content;
    if (r.type === "MX") return r.exchange === record.content && r.priority === record.priority;
    return r.type === "CNAME" && r.target === record.content;
  });
}

/**
 * The redirect URI Smartlead's Private Infrastructure setup registers on the customer's Web client
 * (https://helpcenter.smartlead.ai/en/articles/296-how-to-set-up-private-infrastructure-oauth-in-smartlead-for-google-and-microsoft).
 */
const SMARTLEAD_OAUTH_CALLBACK = "https://app.smartlead.ai/auth/oauth/callback";

/** A loopback port nothing listens on now (the OS picks it; closed again at once). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
