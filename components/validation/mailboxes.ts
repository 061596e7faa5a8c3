import { type ConfigIssue, configError, configWarning } from "../config/issue";
import type { MailinfraConfig } from "../config/schema";
import { MAILBOXES_PER_DOMAIN_WARNING } from "./mailboxes-per-domain";
import { type ConfigRule, perDomain } from "./rule";

/**
 * What mailinfra does for Microsoft 365: DNS only. Microsoft disables Basic authentication for SMTP AUTH by
 * default at the end of December 2026 (issue 12), so connecting Outlook mailboxes would need OAuth (Smartlead's
 * save-oauth with type OUTLOOK), which mailinfra does not build yet.
 */
export const MICROSOFT_365_SUPPORT =
  "On Microsoft 365, mailinfra publishes the domain's DNS records (MX, SPF, DKIM CNAMEs, DMARC, verification TXT) " +
  "but neither creates users nor connects them to Smartlead: remove the mailboxes here, create them in the " +
  "Microsoft 365 admin center and connect them in Smartlead with Microsoft OAuth (Email Accounts › Add › Microsoft); or set platform: google-workspace.";

/** No duplicate mailboxes; mailboxes only where mailinfra can create them. */
export const mailboxesRule = perDomain(({ domain, path }) => {
  const issues: ConfigIssue[] = [];
  if (domain.mailboxes.length > 0 && domain.platform.kind !== "google-workspace") {
    issues.push(
      configError(
        path("mailboxes"),
        `lists ${domain.mailboxes.length} mailbox(es), but mailinfra creates mailboxes only in Google Workspace and this domain uses ${domain.platform.kind}`,
        domain.platform.kind === "microsoft-365"
          ? MICROSOFT_365_SUPPORT
          : "Remove the mailboxes (create them in your mail platform), or set platform: google-workspace.",
      ),
    );
  }
  const seen = new Map<string, number>();
  domain.mailboxes.forEach((mailbox, j) => {
    const earlier = seen.get(mailbox.username);
    if (earlier === undefined) seen.set(mailbox.username, j);
    else {
      issues.push(
        configError(
          path("mailboxes", j, "username"),
          `${mailbox.address} is already defined as mailboxes[${earlier}] (usernames are case-insensitive)`,
          "Remove the duplicate or choose another username.",
        ),
      );
    }
  });
  if (domain.mailboxes.length > MAILBOXES_PER_DOMAIN_WARNING) {
    issues.push(
      configWarning(
        path("mailboxes"),
        `has ${domain.mailboxes.length} mailboxes; cold-email senders usually keep 2-${MAILBOXES_PER_DOMAIN_WARNING} per domain so one domain's reputation carries little volume`,
        "Spread the mailboxes over more sending domains.",
      ),
    );
  }
  return issues;
});

function needsGoogle(config: MailinfraConfig): boolean {
  return config.domains.some((d) => d.platform.kind === "google-workspace" && d.mailboxes.length > 0);
}

function needsSmartlead(config: MailinfraConfig): boolean {
  return config.domains.some((d) => d.mailboxes.some((m) => m.smartlead.enabled));
}

/** The credentials the configured mailboxes need are present. */
export const credentialsRule: ConfigRule = (config) => {
  const issues: ConfigIssue[] = [];
  if (needsGoogle(config) && config.google === undefined) {
    issues.push(
      configError(
        "mailinfra:google",
        "is required to create Google Workspace mailboxes",
        "Run: pulumi config set --path 'mailinfra:google.adminEmail' admin@yourdomain.com && " +
          "pulumi config set --secret --path 'mailinfra:google.serviceAccountKey' < service-account.json",
      ),
    );
  }
  if (needsSmartlead(config) && config.smartlead === undefined) {
    issues.push(
      configError(
        "mailinfra:smartlead",
        "is required to connect mailboxes to Smartlead",
        "Run: pulumi config set --secret --path 'mailinfra:smartlead.apiKey' <api-key>  " +
          "(or set smartlead.enabled: false on the mailboxes)",
      ),
    );
  }
  const customer = config.google?.customerId;
  if (customer !== undefined && customer !== "my_customer" && !/^C[0-9a-z]{5,}$/i.test(customer)) {
    issues.push(
      configWarning(
        "mailinfra:google.customerId",
        `"${customer}" does not look like a Google customer id (C0xxxxxxx)`,
        "Use my_customer (the admin's own account), or copy the id from Admin console › Account › Account settings.",
      ),
    );
  }
  return issues;
};
