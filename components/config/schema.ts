import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { READINESS_TIMEOUT_MINUTES } from "../../providers/readiness/timeout";
import { SMARTLEAD_LIMITS, type WholeNumberRange } from "../../providers/smartlead/limits";
import { smartleadBaseUrl } from "../../providers/smartlead/smartlead-client";
import { dnsHostSchema } from "../dns-hosts/config";
import { MAX_MAILBOXES_PER_DOMAIN } from "../validation/mailboxes-per-domain";
import { campaignPolicyInputSchema, campaignPolicySchema } from "./campaign-policy";
import { dmarcReportsInputSchema } from "./dmarc-reports";
import { normalizeDomain } from "./domain-normalize";
import { healthSettingsSchema } from "./health-settings";
import { AUTHORIZE_COMMAND, MAILBOX_CONNECTIONS, type MailboxConnection } from "./mailbox-connection";
import { secretSchema } from "./secret-setting";

/**
 * The stack configuration, read from `stacks/Pulumi.<stack>.yaml` under the `mailinfra:` namespace.
 * Two stages, both zod:
 * - input schemas (`*InputSchema`) describe what a person writes; every optional setting has its default here;
 * - config schemas (`domainConfigSchema`, `mailboxConfigSchema`, `mailinfraConfigSchema`) describe one domain
 *   after `mailinfra:defaults` are merged in and names normalised — what the rest of mailinfra codes against.
 * `stacks/Pulumi.example.yaml` shows every setting with a comment.
 */

export { type ConfigIssue, configIssueSchema } from "./issue";

// ---------------------------------------------------------------- DNS host

// Each DNS host's `dns:` schema lives with its adapter (components/dns-hosts/*-config.ts); registrars with
// their guides.
export { type DnsHostConfig, dnsHostSchema } from "../dns-hosts/config";
export { REGISTRARS, type Registrar, registrarSchema } from "../registrars/registrar";

// ---------------------------------------------------------------- mail platform

/**
 * `platform` is a discriminated object on `kind`. Google Workspace may be written as the bare string
 * `google-workspace`; Microsoft 365 needs its tenant, so it is always an object:
 * ```yaml
 * platform: google-workspace
 * platform: { kind: microsoft-365, tenant: contoso }            # contoso.onmicrosoft.com
 * platform: { kind: custom, mx: [{ host: mx1.example.net, priority: 10 }], spfIncludes: [spf.example.net] }
 * ```
 */
export const googleWorkspacePlatformSchema = z.strictObject({ kind: z.literal("google-workspace") });

export const microsoft365PlatformSchema = z.strictObject({
  kind: z.literal("microsoft-365"),
  /** The prefix of the tenant's initial domain: `contoso` for `contoso.onmicrosoft.com`. */
  tenant: z
    .string()
    .min(1)
    .transform((t) =>
      t
        .trim()
        .toLowerCase()
        .replace(/\.onmicrosoft\.com\.?$/, ""),
    ),
  /**
   * The one-letter partition in DKIM targets Microsoft assigns to domains added since May 2025
   * (`selector1-contoso-com._domainkey.contoso.r-v1.dkim.mail.microsoft`). Omit for older domains, whose
   * targets end in `<tenant>.onmicrosoft.com`. Shown by `Get-DkimSigningConfig` or the Defender portal.
   */
  dkimPartition: z
    .string()
    .regex(/^[a-z0-9]$/, { error: "must be the single character Microsoft shows, e.g. r" })
    .optional(),
  /** The exact MX host from the admin center, for domains provisioned under `mx.microsoft`. */
  mx: z.string().min(1).optional(),
  /** Microsoft's domain-verification TXT value, e.g. `MS=ms12345678`. */
  verification: z.string().min(1).optional(),
});

export const customPlatformSchema = z.strictObject({
  kind: z.literal("custom"),
  mx: z
    .array(z.strictObject({ host: z.string().min(1), priority: z.int().min(0).max(65535) }))
    .min(1, { error: "a custom platform needs at least one MX host" }),
  spfIncludes: z.array(z.string().min(1)).default([]),
});

export const platformSchema = z.preprocess(
  (value) => (typeof value === "string" ? { kind: value } : value),
  z.discriminatedUnion("kind", [
    googleWorkspacePlatformSchema,
    microsoft365PlatformSchema,
    customPlatformSchema,
  ]),
);

// ---------------------------------------------------------------- SPF, DKIM, DMARC, tracking

/** The `all` mechanism exactly as it ends the record. `~all` (softfail) is what Google recommends. */
export const spfAllSchema = z.enum(["~all", "-all", "?all"]);

export const spfInputSchema = z.strictObject({
  /** Extra `include:` domains, after the platform's own (written without `include:`). */
  includes: z.array(z.string().min(1)).default([]),
  /** Extra `ip4:` addresses or CIDR ranges. */
  ip4: z.array(z.string().min(1)).default([]),
  /** Extra `ip6:` addresses or CIDR ranges. */
  ip6: z.array(z.string().min(1)).default([]),
  all: spfAllSchema.default("~all"),
  /** Replace includes by the addresses they resolve to, to stay under SPF's 10-lookup limit. */
  flatten: z.boolean().default(false),
});

export const dkimInputSchema = z.strictObject({
  /** Default: `google` for Google Workspace, `mailinfra` for custom; Microsoft 365 always uses selector1/2. */
  selector: z.string().min(1).optional(),
  /**
   * Google Workspace: the key from Admin console › Apps › Gmail › Authenticate email (bare base64, the whole
   * `v=DKIM1; k=rsa; p=...` value, or PEM). Custom: leave unset and mailinfra supplies the key it generates.
   */
  publicKey: z.string().min(1).optional(),
});

export const dmarcPolicySchema = z.enum(["none", "quarantine", "reject"]);
const alignmentSchema = z.enum(["r", "s"]);
const reportUrisSchema = z.union([z.string(), z.array(z.string())]);

export const dmarcInputSchema = z.strictObject({
  /** `none` while mailboxes warm up: monitor without affecting delivery. */
  p: dmarcPolicySchema.default("none"),
  sp: dmarcPolicySchema.optional(),
  /**
   * Share of failing mail the policy applies to. Removed by RFC 9989 (DMARCbis), whose receivers ignore it:
   * published only when set, with a warning; write `testing` instead.
   * @default unset (no `pct` tag)
   * @example 100
   */
  pct: z.int().min(0).max(100).optional(),
  /**
   * RFC 9989's test mode: `true` publishes `t=y` (receivers apply the next weaker policy: reject as
   * quarantine, quarantine as none), `false` publishes `t=n`; unset publishes no `t`, which means `n`
   * (https://www.rfc-editor.org/rfc/rfc9989).
   * @default unset (no `t` tag)
   * @example true
   */
  testing: z.boolean().optional(),
  /**
   * Aggregate report URIs. Default: the stack's reports mailbox (`mailinfra:dmarcReports.mailbox`,
   * components/config/dmarc-reports.ts); without one, no rua. `[]` publishes no rua.
   */
  rua: reportUrisSchema.optional(),
  /** Failure (forensic) report URIs. */
  ruf: reportUrisSchema.optional(),
  adkim: alignmentSchema.default("r"),
  aspf: alignmentSchema.default("r"),
  /** Failure reporting options, e.g. `1` or `0:d:s`. */
  fo: z
    .union([z.string(), z.number()])
    .transform(String)
    .pipe(z.string().regex(/^[01ds](:[01ds])*$/, { error: "must be 0, 1, d or s, joined by colons" }))
    .optional(),
  /**
   * Other domains whose DMARC reports this domain accepts: publishes `<other>._report._dmarc.<this>`.
   * Domains of this stack whose rua/ruf point here are added automatically.
   */
  acceptReportsFor: z.array(z.string().min(1)).default([]),
});

export const TRACKING_PROVIDERS = ["smartlead", "instantly", "custom", "none"] as const;

export const trackingInputSchema = z
  .strictObject({
    provider: z.enum(TRACKING_PROVIDERS).default("smartlead"),
    /** CNAME target; required for `custom`, overrides the provider's documented target otherwise. */
    target: z.string().min(1).optional(),
    /**
     * Label under the domain. Default: `emailtracking` (Smartlead, custom), `inst` (Instantly). The whole
     * host under the domain (`track.example.com`, with or without a final dot) means the label `track`.
     */
    subdomain: z.string().min(1).optional(),
  })
  .refine((t) => t.provider !== "custom" || t.target !== undefined, {
    path: ["target"],
    error: "is required when tracking.provider is custom",
    params: { fix: "Set tracking.target to the host your tracking provider tells you to CNAME to." },
  });

// ---------------------------------------------------------------- mailboxes and Smartlead

const campaignIdsSchema = z.array(z.int().positive());

/** A whole number Smartlead accepts for `setting` (providers/smartlead/limits.ts, the provider checks the same). */
function smartleadSetting(range: WholeNumberRange, setting: string) {
  return z.int().refine((n) => n >= range.min && n <= range.max, {
    error: (issue) =>
      `must be from ${range.min} to ${range.max}, the range Smartlead accepts, not ${String(issue.input)}`,
    params: { fix: `Set ${setting} to a whole number from ${range.min} to ${range.max}.` },
  });
}

const warmupInputSchema = z.strictObject({
  enabled: z.boolean().optional(),
  perDay: smartleadSetting(SMARTLEAD_LIMITS.warmupPerDay, "warmup.perDay").optional(),
  dailyRampup: smartleadSetting(SMARTLEAD_LIMITS.dailyRampup, "warmup.dailyRampup").optional(),
  replyRate: smartleadSetting(SMARTLEAD_LIMITS.replyRate, "warmup.replyRate").optional(),
});

/** Smartlead settings of one mailbox. Unset fields come from the domain's `smartlead`, then the defaults. */
export const mailboxSmartleadInputSchema = z.strictObject({
  enabled: z.boolean().optional(),
  warmup: warmupInputSchema.optional(),
  maxEmailsPerDay: smartleadSetting(SMARTLEAD_LIMITS.maxEmailsPerDay, "maxEmailsPerDay").optional(),
  campaignIds: campaignIdsSchema.optional(),
  onDelete: z.enum(["disconnect", "delete"]).optional(),
});

/** Domain-level Smartlead settings: `campaignIds` are added to every mailbox's; the rest are mailbox defaults. */
export const domainSmartleadInputSchema = mailboxSmartleadInputSchema.extend({
  campaignIds: campaignIdsSchema.default([]),
});

export const mailboxInputSchema = z.strictObject({
  /** The part before `@`. */
  username: z.string().min(1),
  firstName: z.string().min(1),
  lastName: z.string().min(1),
  orgUnit: z.string().min(1).default("/"),
  /** Take over a mailbox that already exists in Google Workspace instead of failing. */
  adopt: z.boolean().default(false),
  /** What `pulumi destroy` does to the Workspace user. */
  onDelete: z.enum(["suspend", "delete"]).default("suspend"),
  /**
   * The username this mailbox had before, when `username` is changed: the Workspace user is renamed in
   * place (same user, mail, password; Google keeps the old address as an alias) instead of a new user
   * being created and the old one suspended. Only within the same domain. Smartlead cannot change an
   * account's address, so the account of the old address is disconnected (kept, with its history) and one
   * is connected for the new address. Keep it until the `up` has run; remove it before reusing the old name.
   * @example "ben"   # with username: benjamin
   */
  renamedFrom: z.string().min(1).optional(),
  smartlead: mailboxSmartleadInputSchema.optional(),
  /**
   * How Smartlead signs in to the mailbox (components/config/mailbox-connection.ts): `oauth` (a refresh token
   * from `npm run authorize`), or `app-password` with `appPassword`. Google refuses the plain password.
   * @default DEFAULT_WORKSPACE_CONNECTION
   */
  connection: z.enum(MAILBOX_CONNECTIONS).optional(),
  /**
   * The app password the mailbox's user created (2-Step Verification on), only with `connection: app-password`;
   * a Pulumi secret: `pulumi config set --secret --path 'mailinfra:domains[0].mailboxes[0].appPassword'`.
   */
  appPassword: z
    .custom<pulumi.Output<string>>((value) => pulumi.Output.isInstance(value), {
      error: (issue) =>
        typeof issue.input === "string"
          ? "is stored in plain text in the stack configuration; an app password must be an encrypted Pulumi secret"
          : "must be a string set as a Pulumi secret",
      params: {
        fix: "Remove the plain value from stacks/Pulumi.<stack>.yaml and set it with: pulumi config set --secret --path '<this path>' <app-password>",
      },
    })
    .optional(),
});

// ---------------------------------------------------------------- one domain

/** Every setting a domain may have; `mailinfra:defaults` may hold any of them except `name`. */
export const domainSettingsShape = {
  dns: dnsHostSchema,
  platform: platformSchema.prefault("google-workspace"),
  spf: spfInputSchema.prefault({}),
  dkim: dkimInputSchema.prefault({}),
  dmarc: dmarcInputSchema.prefault({}),
  tracking: trackingInputSchema.prefault({}),
  /** Seconds, for every record of the domain. */
  ttl: z.int().min(60).max(86400).default(3600),
  smartlead: domainSmartleadInputSchema.prefault({}),
  /** When mailboxes join their campaigns (components/config/campaign-policy.ts): warmup days, blocklists, health. */
  campaignPolicy: campaignPolicyInputSchema.prefault({}),
  /**
   * At most MAX_MAILBOXES_PER_DOMAIN (components/validation/mailboxes-per-domain.ts says why), counted before
   * any entry is parsed: an oversized list fails at once with one error, not one per entry.
   */
  mailboxes: z
    .array(z.unknown())
    .refine((list) => list.length <= MAX_MAILBOXES_PER_DOMAIN, {
      error: (issue) =>
        `lists ${(issue.input as unknown[]).length} mailboxes; mailinfra allows at most ${MAX_MAILBOXES_PER_DOMAIN} per domain`,
      params: {
        fix: `Spread the mailboxes over more sending domains: at most ${MAX_MAILBOXES_PER_DOMAIN} per domain (cold-email senders usually keep 2-5).`,
      },
    })
    .pipe(z.array(mailboxInputSchema))
    .default([]),
};

/** One entry of `mailinfra:domains` with the defaults already merged in. */
export const domainInputSchema = z.strictObject({ name: z.string().min(1), ...domainSettingsShape });
export type DomainInput = z.output<typeof domainInputSchema>;

export const mailboxConfigSchema = z.object({
  username: z.string(),
  /** `username@domain`, punycode domain. */
  address: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  orgUnit: z.string(),
  adopt: z.boolean(),
  onDelete: z.enum(["suspend", "delete"]),
  /** The previous address, `renamedFrom@domain` (lower case, punycode domain), when the mailbox was renamed. */
  renamedFrom: z.string().optional(),
  /** What it wrote, else DEFAULT_WORKSPACE_CONNECTION. */
  connection: z.custom<MailboxConnection>((value) => typeof value === "string"),
  /** Secret; only with `connection: app-password`. */
  appPassword: z.custom<pulumi.Output<string>>((value) => pulumi.Output.isInstance(value)).optional(),
  smartlead: z.object({
    enabled: z.boolean(),
    warmup: z.object({
      enabled: z.boolean(),
      perDay: z.int(),
      dailyRampup: z.int(),
      replyRate: z.int(),
    }),
    maxEmailsPerDay: z.int(),
    /** The domain's campaign ids and the mailbox's own, sorted, without duplicates. */
    campaignIds: z.array(z.int()),
    onDelete: z.enum(["disconnect", "delete"]),
  }),
});
export type MailboxConfig = z.infer<typeof mailboxConfigSchema>;

const trackingConfigSchema = z.discriminatedUnion("provider", [
  z.object({ provider: z.literal("none") }),
  z.object({
    provider: z.enum(["smartlead", "instantly", "custom"]),
    /** Label under the domain, lower case, punycode, never ending with the domain (`@` for the apex). */
    subdomain: z.string(),
    /** CNAME target, fully qualified, lower case, no trailing dot. */
    target: z.string(),
  }),
]);

export const domainConfigSchema = z.object({
  /** Lower case, punycode, no trailing dot: what DNS and Google use. */
  name: z.string(),
  /** The same name in Unicode, for people. */
  displayName: z.string(),
  dns: dnsHostSchema,
  platform: z.discriminatedUnion("kind", [
    googleWorkspacePlatformSchema,
    microsoft365PlatformSchema.extend({ tenant: z.string() }),
    z.object({
      kind: z.literal("custom"),
      mx: z.array(z.object({ host: z.string(), priority: z.int() })),
      spfIncludes: z.array(z.string()),
    }),
  ]),
  spf: z.object({
    includes: z.array(z.string()),
    ip4: z.array(z.string()),
    ip6: z.array(z.string()),
    all: spfAllSchema,
    flatten: z.boolean(),
  }),
  dkim: z.object({
    /** Lower case. */
    selector: z.string(),
    /** Base64 `p=` value, normalised from whatever was pasted. */
    publicKey: z.string().optional(),
  }),
  dmarc: z.object({
    p: dmarcPolicySchema,
    sp: dmarcPolicySchema.optional(),
    pct: z.int().optional(),
    testing: z.boolean().optional(),
    rua: z.array(z.string()),
    ruf: z.array(z.string()),
    adkim: alignmentSchema,
    aspf: alignmentSchema,
    fo: z.string().optional(),
    /** Sorted, punycode. Includes this stack's domains whose reports come here. */
    acceptReportsFor: z.array(z.string()),
  }),
  tracking: trackingConfigSchema,
  ttl: z.int(),
  smartlead: z.object({ campaignIds: z.array(z.int()) }),
  campaignPolicy: campaignPolicySchema,
  mailboxes: z.array(mailboxConfigSchema),
});
export type DomainConfig = z.infer<typeof domainConfigSchema>;

/** Parses one merged domain entry and normalises it (punycode, per-platform defaults, mailbox inheritance). */
export const domainSchema = domainInputSchema.transform(normalizeDomain);

// ---------------------------------------------------------------- credentials and readiness

const mailServerSchema = z.strictObject({ host: z.string().min(1), port: z.int().min(1).max(65535) });

export const googleInputSchema = z.strictObject({
  /** A super admin of the Workspace customer; the service account impersonates it (domain-wide delegation). */
  adminEmail: z.email(),
  customerId: z.string().min(1).default("my_customer"),
  /** Override of the Google APIs endpoint, for emulators. */
  rootUrl: z.url().optional(),
  /**
   * Where mailboxes are reached over SMTP and IMAP. Only for emulators and tests: Gmail's are
   * smtp.gmail.com:587 (STARTTLS) and imap.gmail.com:993 (TLS).
   */
  mailServers: z
    .strictObject({
      smtp: mailServerSchema,
      imap: mailServerSchema,
      /** Accept the servers' self-signed certificates in the login check (local emulators only). */
      selfSignedCertificates: z.boolean().default(false),
    })
    .optional(),
  /** The service account's JSON key, read only from secret config. */
  serviceAccountKey: secretSchema("mailinfra:google.serviceAccountKey", "< service-account.json"),
  /**
   * The customer's own Google OAuth client (Cloud console › APIs & Services › Credentials), which mailboxes
   * with `connection: oauth` authorize (`npm run authorize`) and Smartlead refreshes tokens with. README,
   * "Authorizing mailboxes", says how to create it.
   */
  oauthClient: z
    .strictObject({
      /** @example "1234567890-abc.apps.googleusercontent.com" */
      clientId: z.string().min(1),
      /** Read only from secret config. */
      clientSecret: secretSchema("mailinfra:google.oauthClient.clientSecret", "<client-secret>"),
    })
    .optional(),
});
export type GoogleConfig = z.infer<typeof googleInputSchema>;

export const smartleadInputSchema = z.strictObject({
  /** Smartlead API key, read only from secret config. */
  apiKey: secretSchema("mailinfra:smartlead.apiKey", "<api-key>"),
  baseUrl: z.url().default(smartleadBaseUrl),
  /**
   * Client-side request budget per API key, only for benchmarks and emulators whose rate-limit minute is
   * scaled (`npm run bench`). Leave unset against Smartlead: the default, 55 requests per 61 s, stays under
   * its 60 per minute and key.
   */
  rateLimit: z.strictObject({ requests: z.int().positive(), intervalMs: z.int().positive() }).optional(),
});
export type SmartleadConfig = z.infer<typeof smartleadInputSchema>;

/**
 * `mailinfra:authorizations`: mailbox address → its OAuth refresh token, each a Pulumi secret, written only by
 * `npm run authorize -- --stack <stack>` (`pulumi config set --secret --path 'mailinfra:authorizations["ana@x.test"]'`).
 */
export const authorizationsInputSchema = z.record(
  z.string(),
  secretSchema(
    "mailinfra:authorizations",
    "",
    `Remove the plain value from stacks/Pulumi.<stack>.yaml (it exposes the mailbox: revoke it in the Admin console) and run: ${AUTHORIZE_COMMAND}, which stores the refresh token encrypted`,
  ),
);
export type Authorizations = z.infer<typeof authorizationsInputSchema>;

export const readinessInputSchema = z.strictObject({
  /** Resolvers the readiness gate asks, as `ip` or `ip:port` (`[v6]:port`). */
  resolvers: z.array(z.string().min(1)).min(1).optional(),
  /** How many resolvers must see a record before it counts as propagated. */
  quorum: z
    .union([z.enum(["all", "majority"]), z.int().min(1)], {
      error: 'must be "all", "majority" or a number of resolvers',
    })
    .optional(),
  timeoutMinutes: z
    .int()
    .min(READINESS_TIMEOUT_MINUTES.min)
    .max(READINESS_TIMEOUT_MINUTES.max)
    .default(READINESS_TIMEOUT_MINUTES.default),
});
export type ReadinessConfig = z.infer<typeof readinessInputSchema>;

/** The raw `mailinfra:` namespace, keys without the prefix. Domains are parsed one by one after merging. */
export const stackConfigInputSchema = z.strictObject({
  defaults: z.record(z.string(), z.unknown()).optional(),
  domains: z.array(z.unknown()).min(1, { error: "lists no domain" }),
  google: googleInputSchema.optional(),
  smartlead: smartleadInputSchema.optional(),
  readiness: readinessInputSchema.prefault({}),
  authorizations: authorizationsInputSchema.default({}),
  dmarcReports: dmarcReportsInputSchema.optional(),
  /** `mailinfra:health` (components/config/health-settings.ts): what `npm run health` needs besides outputs. */
  health: healthSettingsSchema.prefault({}),
});

export const mailinfraConfigSchema = z.object({
  domains: z.array(domainConfigSchema),
  google: googleInputSchema.optional(),
  smartlead: smartleadInputSchema.optional(),
  readiness: readinessInputSchema,
  /** Mailbox address (as written by the authorize command) → secret refresh token. */
  authorizations: authorizationsInputSchema,
  /** The stack's DMARC reports mailbox (components/config/dmarc-reports.ts); undefined when not declared. */
  dmarcReports: dmarcReportsInputSchema.optional(),
  /** `mailinfra:health`: the Spamhaus DQS key (secret) and the blocklist resolvers, both optional. */
  health: healthSettingsSchema,
});
export type MailinfraConfig = z.infer<typeof mailinfraConfigSchema>;
