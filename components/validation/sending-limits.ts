import { type ConfigIssue, configWarning } from "../config/issue";
import { perDomain } from "./rule";

/** Above this many campaign emails a day a fresh Workspace mailbox starts to hurt its domain. */
export const DAILY_SEND_WARNING = 50;

/** Smartlead settings that are legal but work against deliverability. */
export const sendingLimitsRule = perDomain(({ domain, path }) => {
  const issues: ConfigIssue[] = [];
  domain.mailboxes.forEach((mailbox, j) => {
    const s = mailbox.smartlead;
    const at = (...sub: PropertyKey[]) => path("mailboxes", j, "smartlead", ...sub);
    if (!s.enabled) {
      if (s.campaignIds.length > 0) {
        issues.push(
          configWarning(
            at("campaignIds"),
            `${mailbox.address} is not connected to Smartlead, so campaigns ${s.campaignIds.join(", ")} are ignored`,
            "Set smartlead.enabled: true or remove the campaign ids.",
          ),
        );
      }
      return;
    }
    if (!s.warmup.enabled) {
      issues.push(
        configWarning(
          at("warmup", "enabled"),
          `${mailbox.address} sends campaigns without warmup; new mailboxes that skip warmup land in spam`,
          "Keep warmup enabled for at least two weeks before adding campaigns.",
        ),
      );
    } else if (s.warmup.dailyRampup > s.warmup.perDay) {
      issues.push(
        configWarning(
          at("warmup", "dailyRampup"),
          `rises by ${s.warmup.dailyRampup} a day, more than the ${s.warmup.perDay} warmup emails a day it ramps to`,
          "Use a ramp-up smaller than warmup.perDay (default 5 of 40).",
        ),
      );
    }
    if (s.maxEmailsPerDay > DAILY_SEND_WARNING) {
      issues.push(
        configWarning(
          at("maxEmailsPerDay"),
          `${s.maxEmailsPerDay} campaign emails a day from one mailbox is above the ${DAILY_SEND_WARNING} cold-email senders keep to`,
          `Lower maxEmailsPerDay to ${DAILY_SEND_WARNING} or less and add mailboxes instead.`,
        ),
      );
    }
  });
  return issues;
});
