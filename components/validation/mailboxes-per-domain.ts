/**
 * How many mailboxes one sending domain may have: the usual number (a warning above it) and a hard cap (an error
 * at preview above it). Imported by the config schema (the cap) and the mailboxes rule (the warning).
 *
 * Cold-email practice keeps 2–5 sending mailboxes per domain, so one domain's reputation carries little volume
 * and a burned domain takes few mailboxes with it (e.g. https://www.mailpool.ai/blog/the-3-inboxes-per-domain-rule-how-to-scale-without-burning-domains,
 * https://inboxlee.com/blog/how-many-mailboxes-cold-email). That is the warning.
 *
 * The cap, 100, is generous on purpose: it is 20 times the usual number and the top of the 50–100 band that even
 * tenant-isolated setups run on one domain (https://mailionaire.ch/blog/how-many-mailboxes-per-domain). Google's own
 * limits make more pointless for a Workspace fleet: each user may send 2,000 messages a day
 * (https://support.google.com/a/answer/166852), so 100 mailboxes can already send 200,000 a day from one domain,
 * and Business editions stop at 300 users for the whole account
 * (https://support.google.com/a/answer/10069853). The cap also keeps `preview` bounded: every mailbox is three
 * resources (user, mailbox, Smartlead account), and a program of 10,000 mailboxes on one domain ran the engine out
 * of memory instead of reporting anything.
 */
export const MAILBOXES_PER_DOMAIN_WARNING = 5;
export const MAX_MAILBOXES_PER_DOMAIN = 100;
