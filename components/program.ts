/**
 * The mailinfra program: the stack's `mailinfra:` configuration in, one MailDomain per declared domain out.
 * Configuration errors stop the program here, before any resource is registered. `index.ts` exports its
 * `domains`; tests run it as an inline program as many times as they like (a module runs only once).
 */
import { loadConfig } from "./config/load";
import type { MailinfraConfig } from "./config/schema";
import { MailDomain } from "./mail-domain";

export interface Mailinfra {
  config: MailinfraConfig;
  /** One per `config.domains` entry, in the same order. */
  mailDomains: MailDomain[];
  /** Per domain: where its DNS lives, what a person must do at the registrar, and whether records resolve. */
  domains: Record<string, ReturnType<typeof summary>>;
}

export function mailinfra(): Mailinfra {
  const config = loadConfig();
  const mailDomains = config.domains.map(
    (domain) =>
      new MailDomain(domain.name, {
        domain,
        readiness: config.readiness,
        google: config.google,
        smartlead: config.smartlead,
      }),
  );
  const domains = Object.fromEntries(
    mailDomains.map((mail, i) => [config.domains[i].name, summary(config, mail, i)]),
  );
  return { config, mailDomains, domains };
}

function summary(config: MailinfraConfig, mail: MailDomain, i: number) {
  return {
    dnsHost: config.domains[i].dns.host,
    zoneId: mail.zoneId,
    nameservers: mail.nameservers,
    records: mail.records,
    registrarInstructions: mail.registrarInstructions,
    ready: mail.ready,
    /** How long the last `up` waited for the records to resolve on the resolver quorum. */
    secondsToReady: mail.readiness.secondsToReady,
    verified: mail.verification?.verified,
    mailboxes: mail.mailboxes.map((m) => ({
      email: m.email,
      suspended: m.suspended,
      smtp: m.smtp,
      imap: m.imap,
      /** Smartlead's email account id; undefined when the mailbox is not connected to Smartlead. */
      smartleadAccountId: m.smartleadAccount?.emailAccountId,
      warmup: m.smartleadAccount?.warmup,
    })),
  };
}
