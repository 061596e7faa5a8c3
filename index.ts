/**
 * The mailinfra program: the stack's `mailinfra:` configuration in, one MailDomain per declared domain out.
 * Configuration errors stop the program here, before any resource is registered.
 */
import { loadConfig } from "./components/config/load";
import { MailDomain } from "./components/mail-domain";

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

/** Per domain: where its DNS lives, what a person must do at the registrar, and whether records resolve. */
export const domains = Object.fromEntries(
  mailDomains.map((mail, i) => [
    config.domains[i].name,
    {
      dnsHost: config.domains[i].dns.host,
      zoneId: mail.zoneId,
      nameservers: mail.nameservers,
      records: mail.records,
      registrarInstructions: mail.registrarInstructions,
      ready: mail.ready,
      verified: mail.verification?.verified,
      mailboxes: mail.mailboxes.map((m) => ({
        email: m.email,
        suspended: m.suspended,
        smtp: m.smtp,
        imap: m.imap,
      })),
    },
  ]),
);
