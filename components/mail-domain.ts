import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { credentialConfigIssues } from "../providers/credentials";
import { DkimKey } from "../providers/dkim/dkim-key";
import { DnsReadiness } from "../providers/readiness/readiness";
import { READINESS_TIMEOUT_MINUTES } from "../providers/readiness/timeout";
import { WorkspaceDomain } from "../providers/workspace/workspace-domain";
import { WorkspaceDomainVerification } from "../providers/workspace/workspace-domain-verification";
import type { WorkspaceUser } from "../providers/workspace/workspace-user";
import type { CampaignGate } from "./campaign-policy/campaign-gate";
import type { CampaignPlan } from "./campaign-policy/campaign-policy";
import { refreshTokenFor } from "./config/authorizations";
import type { DmarcReportsConfig } from "./config/dmarc-reports";
import { asDomainConfig, type DomainEntry } from "./config/parse-domain";
import { reportIssues } from "./config/report";
import {
  type Authorizations,
  type DomainConfig,
  type GoogleConfig,
  googleInputSchema,
  type ReadinessConfig,
  readinessInputSchema,
} from "./config/schema";
import { settingsSection } from "./config/settings-section";
import { dmarcReportsMailbox } from "./dmarc-reports-mailbox";
import { publishedRecords } from "./dns/published-records";
import type { MailDnsRecord } from "./dns/record";
import { spfIncludes } from "./dns/spf";
import { flattenSpf } from "./dns/spf-flatten";
import { createSpfResolver } from "./dns/spf-resolver";
import { trackingHost } from "./dns/tracking";
import type { DnsHost } from "./dns-hosts/dns-host";
import { dnsHostFor } from "./dns-hosts/hosts";
import { noteDomainRegistered } from "./fleet-registration";
import { Mailbox } from "./mailbox";
import type { SendingPlatform } from "./sending-platforms/sending-platform";
import { orUnconverged } from "./unconverged";

/** `mailinfra:google` as a person writes it. */
export type GoogleSettings = z.input<typeof googleInputSchema>;
/** `mailinfra:readiness` as a person writes it. */
export type ReadinessSettings = z.input<typeof readinessInputSchema>;

export interface MailDomainArgs {
  /**
   * The domain: its name, DNS host, mail platform, SPF/DKIM/DMARC/tracking settings and mailboxes. Either as a
   * person writes it (an entry of `mailinfra:domains`, parsed here by `parseDomain`, which throws the stack
   * configuration's errors) or already validated (`loadConfig().domains[i]`, `parseDomain(...)`).
   * @example
   * ```ts
   * { domain: { name: "acme-outreach.com", dns: { host: "manual", registrar: "namecheap" } } }
   * ```
   */
  domain: DomainConfig | DomainEntry;
  /**
   * How the readiness gate decides that records have propagated (`mailinfra:readiness`, as a person writes it;
   * every field has a default).
   * @default `{ timeoutMinutes: 30 }`: the zone's nameservers plus 1.1.1.1, 8.8.8.8 and 9.9.9.9, all of them.
   * @example
   * ```ts
   * { readiness: { resolvers: ["1.1.1.1", "8.8.8.8"], quorum: "majority", timeoutMinutes: 120 } }
   * ```
   */
  readiness?: ReadinessSettings | ReadinessConfig;
  /**
   * The Google Workspace account (`mailinfra:google`, as a person writes it: `customerId` defaults to
   * `my_customer`; the service-account key a secret). With it, a `google-workspace` domain is added to the
   * account, verified through its DNS TXT token once the records resolve, and its mailboxes are created.
   * The Workspace resources do not take the key from here: the engine hands the stack configuration's
   * `mailinfra:google.serviceAccountKey` to their provider process, which holds it once for the whole stack, so it
   * must be set there (`pulumi config set --secret --path 'mailinfra:google.serviceAccountKey' < service-account.json`;
   * without it the constructor throws, naming that path). `serviceAccountKey` here serves the program's own checks.
   * @default No Workspace: DNS only.
   * @example
   * ```ts
   * { google: { adminEmail: "it-admin@example.com", serviceAccountKey: config.requireSecret("serviceAccountKey") } }
   * ```
   */
  google?: GoogleSettings | GoogleConfig;
  /**
   * Where each mailbox is connected after it exists, to warm up and send (`configuredSendingPlatform(config)`:
   * Smartlead when `mailinfra:smartlead` is set).
   * @default Mailboxes are not connected to any sending platform.
   * @example
   * ```ts
   * { sendingPlatform: smartleadPlatform(config.smartlead) }
   * ```
   */
  sendingPlatform?: SendingPlatform;
  /**
   * `mailinfra:authorizations`: mailbox address → its OAuth refresh token (secret). A mailbox with
   * `connection: oauth` and no entry here is created but not connected to its sending platform yet
   * (`Mailbox.pendingAuthorization`); the other mailboxes and domains proceed.
   * @default {} (no OAuth mailbox connected)
   */
  authorizations?: Authorizations;
  /**
   * `mailinfra:dmarcReports`: the stack's DMARC reports mailbox. The domain it is on creates it as a Workspace
   * user (components/dmarc-reports-mailbox.ts) unless it is one of the domain's sending mailboxes.
   * @default No reports mailbox.
   * @example
   * ```ts
   * { dmarcReports: { mailbox: "dmarc-reports@acme-outreach.com", firstName: "DMARC", lastName: "Reports", orgUnit: "/", adopt: false, onDelete: "suspend" } }
   * ```
   */
  dmarcReports?: DmarcReportsConfig;
  /**
   * Google's DNS verification token for the domain, when the domain is added to Workspace outside this
   * component (`google-site-verification=…`), issued during `up`;
   * published as a TXT record at the apex and waited for like every other record.
   * @default No verification record.
   */
  googleVerificationToken?: pulumi.Input<string>;
  /**
   * A DKIM public key produced during the deployment (custom platforms). Google Workspace keys come from
   * `dkim.publicKey` in the configuration instead.
   * @default The configured `dkim.publicKey`, if any.
   */
  dkimPublicKey?: pulumi.Input<string>;
  /**
   * Where the records are published. Chosen from `domain.dns.host` unless given, e.g. to pass a Cloudflare
   * provider with its own credentials.
   * @default The adapter of `domain.dns.host` (`cloudflareHost(...)`, `manualHost()`: components/dns-hosts/hosts.ts).
   */
  dnsHost?: DnsHost;
  /**
   * The stack's campaign policy (`campaignGate(config, sendingPlatform)`, components/campaign-policy/): decides,
   * once the domain's records resolve and it is verified, which mailboxes join their campaigns in this run.
   * @default Every mailbox converges to its declared campaigns.
   */
  campaignGate?: CampaignGate;
}

/**
 * One sending domain's DNS: its records published at its DNS host (or handed to a person, for manual DNS),
 * and the readiness gate that holds back everything that needs DNS — Workspace verification, mailboxes,
 * Smartlead — until those records really resolve. Pass `readiness` to `dependsOn` of such resources.
 *
 * @example
 * ```ts
 * const config = loadConfig();
 * for (const domain of config.domains) {
 *   const mail = new MailDomain(domain.name, { domain, readiness: config.readiness });
 *   new Something("…", { … }, { dependsOn: [mail.readiness] });
 * }
 * ```
 */
export class MailDomain extends pulumi.ComponentResource {
  /** The DNS host's zone id (Cloudflare); undefined where mailinfra manages no zone (manual DNS). */
  readonly zoneId: pulumi.Output<string | undefined>;
  /** Nameservers the registrar must delegate to, as the DNS host assigned them; empty when none (manual DNS). */
  readonly nameservers: pulumi.Output<string[]>;
  /** Every record the domain must serve, with deploy-time values resolved. */
  readonly records: pulumi.Output<MailDnsRecord[]>;
  /** What a person must do at the registrar, as the DNS host says: nameservers to set, or records to create. */
  readonly registrarInstructions: pulumi.Output<string>;
  /** The readiness gate: depend on it for anything that needs the records to resolve. */
  readonly readiness: DnsReadiness;
  /** True once every record is served by the resolver quorum; false after a refresh found some missing. */
  readonly ready: pulumi.Output<boolean>;
  /** The domain in Google Workspace, when `google` is given and the platform is Google Workspace. */
  readonly workspaceDomain?: WorkspaceDomain;
  /** Site verification, done once the readiness gate has seen the TXT token. */
  readonly verification?: WorkspaceDomainVerification;
  /** The DKIM key mailinfra generated (custom platforms without a configured key). */
  readonly dkimKey?: DkimKey;
  /** The domain's mailboxes, created after verification. */
  readonly mailboxes: Mailbox[] = [];
  /** The stack's DMARC reports mailbox, when this domain hosts and creates it (never a sending account). */
  readonly dmarcReportsMailbox?: WorkspaceUser;
  /** The campaign policy's decision for the mailboxes, when the stack has a campaign gate. */
  readonly campaignPlan?: pulumi.Output<CampaignPlan>;

  constructor(name: string, args: MailDomainArgs, opts?: pulumi.ComponentResourceOptions) {
    // Every check before anything of this domain is registered.
    const domain = asDomainConfig(args.domain);
    const readiness = args.readiness && settingsSection(readinessInputSchema, "readiness", args.readiness);
    const googleAccount = args.google && settingsSection(googleInputSchema, "google", args.google);
    const google = domain.platform.kind === "google-workspace" ? googleAccount : undefined;
    if (google) reportIssues(credentialConfigIssues(["serviceAccountKey"]));
    super("mailinfra:index:MailDomain", name, {}, opts);
    noteDomainRegistered(domain.name);
    const host = args.dnsHost ?? dnsHostFor(domain.dns);
    const connection = google && {
      customerId: google.customerId,
      adminEmail: google.adminEmail,
      ...(google.rootUrl ? { rootUrl: google.rootUrl } : {}),
    };
    if (connection) {
      this.workspaceDomain = new WorkspaceDomain(
        `${name}-workspace`,
        { ...connection, domain: domain.name },
        { parent: this },
      );
    }
    if (domain.platform.kind === "custom" && !domain.dkim.publicKey && args.dkimPublicKey === undefined) {
      this.dkimKey = new DkimKey(`${name}-dkim`, {}, { parent: this });
    }
    const records = publishedRecords(domain, {
      ...(domain.spf.flatten ? { spfFlattened: flattenedSpf(domain, readiness?.resolvers) } : {}),
      googleVerificationToken: this.workspaceDomain?.verificationToken ?? args.googleVerificationToken,
      dkimPublicKey: args.dkimPublicKey ?? this.dkimKey?.publicKey,
    });
    const published = host.publish({
      domain: domain.name,
      records,
      registrar: domain.dns.registrar,
      parent: this,
    });
    const resolved = pulumi.output(records) as pulumi.Output<MailDnsRecord[]>;

    this.readiness = new DnsReadiness(
      `${name}-readiness`,
      {
        domain: domain.name,
        records: resolved,
        ...(published.delegation ? { nameservers: published.delegation.nameservers } : {}),
        recordForm: published.recordForm,
        ...(readiness?.resolvers ? { resolvers: readiness.resolvers } : {}),
        ...(readiness?.quorum !== undefined ? { quorum: readiness.quorum } : {}),
        timeoutSeconds: (readiness?.timeoutMinutes ?? READINESS_TIMEOUT_MINUTES.default) * 60,
      },
      { parent: this, dependsOn: published.dependencies },
    );

    if (google && connection && this.workspaceDomain) {
      this.verification = new WorkspaceDomainVerification(
        `${name}-verification`,
        {
          ...connection,
          domain: domain.name,
          verificationToken: this.workspaceDomain.verificationToken,
          readinessToken: this.readiness.readyAt,
        },
        { parent: this, dependsOn: [this.readiness] },
      );
      const plan = args.campaignGate?.plan(domain, resolved, this.verification.verified);
      this.campaignPlan = plan;
      for (const mailbox of domain.mailboxes) {
        this.mailboxes.push(
          new Mailbox(
            mailbox.address,
            {
              mailbox,
              google,
              ...(args.sendingPlatform ? { sendingPlatform: args.sendingPlatform } : {}),
              trackingHost: trackingHost(domain),
              refreshToken: refreshTokenFor(args.authorizations ?? {}, mailbox.address),
              ...(plan
                ? {
                    campaignAdmission: plan.apply(
                      (p) => p.admissions[mailbox.address.toLowerCase()] ?? "join",
                    ),
                  }
                : {}),
            },
            { parent: this, dependsOn: [this.verification] },
          ),
        );
      }
    }

    this.dmarcReportsMailbox = dmarcReportsMailbox({
      domain,
      reports: args.dmarcReports,
      google,
      parent: this,
      dependsOn: this.verification ? [this.verification] : [],
    });

    this.zoneId = published.zoneId;
    this.nameservers = published.delegation?.nameservers ?? pulumi.output<string[]>([]);
    this.records = resolved;
    this.ready = this.readiness.ready;
    this.registrarInstructions = published.instructions;
    this.registerOutputs({
      zoneId: orUnconverged(this.zoneId, undefined),
      nameservers: orUnconverged(this.nameservers, []),
      records: orUnconverged(this.records, []),
      registrarInstructions: orUnconverged(this.registrarInstructions, undefined),
      ready: orUnconverged(this.ready, false),
    });
  }
}

/**
 * SPF includes resolved to addresses, through the readiness resolvers when configured (so tests can point it
 * at a local DNS server), else the system's. An include that cannot be flattened stays an include.
 */
async function flattenedSpf(domain: DomainConfig, resolvers: string[] | undefined) {
  const result = await flattenSpf(spfIncludes(domain), createSpfResolver(resolvers ?? []));
  for (const problem of result.problems) {
    pulumi.log.warn(`${domain.name}: SPF include ${problem.include} was kept unflattened: ${problem.detail}`);
  }
  return { ip4: result.ip4, ip6: result.ip6, kept: result.kept };
}
