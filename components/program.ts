/**
 * The mailinfra program: the stack's `mailinfra:` configuration in, one MailDomain per declared domain out.
 * Configuration errors stop the program here, before any resource is registered. `index.ts` exports
 * `program` itself, a function, so every run — preview, up (preview and update), refresh, destroy, however
 * many in one process — registers the whole fleet; tests run it as an inline program.
 */
import * as pulumi from "@pulumi/pulumi";
import { authorizeCommand } from "./authorize-command";
import { type CampaignGate, campaignGate } from "./campaign-policy/campaign-gate";
import type { WaitingMailbox } from "./campaign-policy/campaign-policy";
import { loadConfig, reportIssues } from "./config/load";
import type { MailinfraConfig } from "./config/schema";
import {
  type ExistingRecordsCheck,
  existingCloudflareRecords,
} from "./dns-hosts/cloudflare-existing-records-lookup";
import { beginProgramRun, unregisteredDomains, unregisteredDomainsError } from "./fleet-registration";
import { MailDomain } from "./mail-domain";
import { configuredSendingPlatform } from "./sending-platforms/configured";
import type { SendingPlatform } from "./sending-platforms/sending-platform";
import { orUnconverged } from "./unconverged";

export interface Mailinfra {
  config: MailinfraConfig;
  /** One per `config.domains` entry, in the same order. */
  mailDomains: MailDomain[];
  /** Per domain: where its DNS lives, what a person must do at the registrar, and whether records resolve. */
  domains: Record<string, ReturnType<typeof summary>>;
  /** OAuth mailboxes not connected to the sending platform yet, each with the command that authorizes it. */
  pendingAuthorizations: PendingAuthorization[];
  /**
   * Mailboxes the campaign policy (`campaignPolicy`) keeps out of (some of) their campaigns in this run, each with
   * its reasons and, when only its warmup holds it back, the day it can join.
   */
  waitingMailboxes: pulumi.Output<WaitingMailbox[]>;
}

export interface PendingAuthorization {
  /** @example "ana@send.example.com" */
  address: string;
  /** @example "npm run authorize -- --stack prod" */
  command: string;
}

/**
 * One MailDomain per domain of `config`, after the checks every run makes before anything is registered: the
 * sending platform's read-only preflight (campaign ids exist) and the records already in adopted Cloudflare zones
 * (`existingCloudflareRecords`: a clashing record throws `MailinfraConfigError` at the setting that publishes it,
 * an equal one is adopted instead of created twice).
 *
 * @example
 * ```ts
 * export = async () => {
 *   const { domains, pendingAuthorizations } = await mailinfra(loadConfig());
 *   return { domains, pendingAuthorizations };
 * };
 * ```
 */
export async function mailinfra(config: MailinfraConfig = loadConfig()): Promise<Mailinfra> {
  reportIssues((await configuredSendingPlatform(config)?.preflight(config)) ?? []);
  // Adopted Cloudflare zones are read once, before anything is registered: a record that would clash stops the run.
  const existing = await existingCloudflareRecords(config);
  reportIssues(existing.issues);
  // Read once before anything is registered: what the sending platform knows of each mailbox's campaigns and warmup.
  const gate = await campaignGate(config, configuredSendingPlatform(config));
  return mailDomainsOf(config, existing, gate);
}

/**
 * One MailDomain per domain of `config`; `existing` adopts the records already in adopted Cloudflare zones, and
 * gives the zones it found by name to their domains' DNS hosts, so they are not looked up a second time.
 */
function mailDomainsOf(
  config: MailinfraConfig,
  existing: Pick<ExistingRecordsCheck, "adoptions" | "dnsHosts">,
  gate: CampaignGate | undefined,
): Mailinfra {
  const sendingPlatform = configuredSendingPlatform(config);
  const mailDomains = config.domains.map(
    (domain) =>
      new MailDomain(
        domain.name,
        {
          domain,
          readiness: config.readiness,
          google: config.google,
          ...(sendingPlatform ? { sendingPlatform } : {}),
          authorizations: config.authorizations,
          ...(config.dmarcReports ? { dmarcReports: config.dmarcReports } : {}),
          ...(existing.dnsHosts.has(domain.name) ? { dnsHost: existing.dnsHosts.get(domain.name) } : {}),
          ...(gate ? { campaignGate: gate } : {}),
        },
        existing.adoptions.get(domain.name),
      ),
  );
  const domains = Object.fromEntries(
    mailDomains.map((mail, i) => [config.domains[i].name, summary(config, mail, i)]),
  );
  const pendingAuthorizations = sendingPlatform ? pending(mailDomains, sendingPlatform) : [];
  return { config, mailDomains, domains, pendingAuthorizations, waitingMailboxes: waiting(mailDomains) };
}

/** Every domain's waiting mailboxes; a domain that did not converge in this run adds none (unconverged.ts). */
function waiting(mailDomains: MailDomain[]): pulumi.Output<WaitingMailbox[]> {
  return pulumi
    .all(mailDomains.map((mail) => orUnconverged(mail.campaignPlan?.apply((p) => p.waiting) ?? [], [])))
    .apply((lists) => lists.flat());
}

/** OAuth mailboxes without an authorization, each announced once on one readable line. */
function pending(mailDomains: MailDomain[], platform: SendingPlatform): PendingAuthorization[] {
  const command = authorizeCommand();
  const list = mailDomains.flatMap((mail) =>
    mail.mailboxes.filter((m) => m.pendingAuthorization).map((m) => ({ address: m.address, command })),
  );
  for (const { address } of list) {
    void pulumi.log.warn(
      `${address} is not connected to ${platform.name} yet: it has not been authorized. Run \`${command}\`, then \`pulumi up\` connects it.`,
    );
  }
  return list;
}

function summary(config: MailinfraConfig, mail: MailDomain, i: number) {
  // Each value on its own: a domain that did not converge in this run (`up --continue-on-error`) shows what it
  // has, and its failure does not take the stack outputs of the other domains with it (unconverged.ts).
  return {
    dnsHost: config.domains[i].dns.host,
    zoneId: orUnconverged(mail.zoneId, undefined),
    nameservers: orUnconverged(mail.nameservers, []),
    records: orUnconverged(mail.records, []),
    registrarInstructions: orUnconverged(mail.registrarInstructions, undefined),
    ready: orUnconverged(mail.ready, false),
    /** How long the last `up` waited for the records to resolve on the resolver quorum. */
    secondsToReady: orUnconverged(mail.readiness.secondsToReady, undefined),
    verified: orUnconverged(mail.verification?.verified, false),
    mailboxes: mail.mailboxes.map((m) => ({
      email: orUnconverged(m.email, undefined),
      suspended: orUnconverged(m.suspended, undefined),
      smtp: orUnconverged(m.smtp, undefined),
      imap: orUnconverged(m.imap, undefined),
      /**
       * The sending platform's account id (the key keeps its first name: stacks and scripts read it);
       * undefined when the mailbox is not connected.
       */
      smartleadAccountId: orUnconverged(m.sendingAccount?.accountId, undefined),
      warmup: orUnconverged(m.sendingAccount?.warmup, undefined),
    })),
  };
}

/** The stack's outputs. */
export interface MailinfraOutputs {
  domains: Mailinfra["domains"];
  pendingAuthorizations: PendingAuthorization[];
  /** Mailboxes waiting to join their campaigns (campaign policy), with reasons and the day they can join. */
  waitingMailboxes: pulumi.Output<WaitingMailbox[]>;
  /**
   * Secret as a whole: each mailbox's password by address, what it signs in with at `npm run authorize`'s
   * consent page (`npm run pulumi -- stack output mailboxPasswords --show-secrets`). Kept out of `domains`, so
   * that output can be shown and shared as it is.
   */
  mailboxPasswords: pulumi.Output<Record<string, string>>;
}

function mailboxPasswords(mailDomains: MailDomain[]): pulumi.Output<Record<string, string>> {
  const mailboxes = mailDomains.flatMap((mail) => mail.mailboxes);
  // A mailbox whose domain did not converge in this run has no password yet: it is left out, the others stay.
  return pulumi.secret(
    pulumi
      .all(mailboxes.map((m) => orUnconverged(m.password, undefined)))
      .apply((passwords) =>
        Object.fromEntries(
          mailboxes.flatMap((m, i) => (passwords[i] === undefined ? [] : [[m.address, passwords[i]]])),
        ),
      ),
  );
}

/**
 * The program as Pulumi runs it: `index.ts` exports this function, and Pulumi calls an exported function on
 * every run (the Node.js language host and the in-process runtime of `npm run pulumi` alike), so no run can be
 * served a cached module that registers nothing.
 */
export async function program(): Promise<MailinfraOutputs> {
  beginProgramRun();
  const config = loadConfig();
  const { domains, pendingAuthorizations, waitingMailboxes, mailDomains } = await mailinfra(config);
  // Whatever hosts the program (the Node.js language host, npm run pulumi's in-process runtime, a consumer's
  // Automation API), a run that registered fewer domains than it declares stops before the engine plans deletes.
  const declared = config.domains.map((domain) => domain.name);
  const missing = unregisteredDomains(declared, (name) => name);
  if (missing.length > 0) throw unregisteredDomainsError(missing, declared.length);
  return {
    domains,
    pendingAuthorizations,
    waitingMailboxes,
    mailboxPasswords: mailboxPasswords(mailDomains),
  };
}
