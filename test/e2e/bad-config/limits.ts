import { MAX_MAILBOXES_PER_DOMAIN } from "../../../components/validation/mailboxes-per-domain";
import { SMARTLEAD_LIMITS } from "../../../providers/smartlead/limits";
import { type BadConfig, domain, mailbox, withDomains } from "./support";

const many = (n: number) => Array.from({ length: n }, (_, i) => mailbox(`sender${i}`));
const at = "mailinfra:domains[0].mailboxes[0].smartlead";

/** Bad config: limits (mailboxes per domain, Smartlead warmup and sending limits) at their boundaries. */
export const limitCases: BadConfig[] = [
  {
    name: `declared ${MAX_MAILBOXES_PER_DOMAIN + 1} mailboxes on one domain`,
    config: () => withDomains([domain({ mailboxes: many(MAX_MAILBOXES_PER_DOMAIN + 1) })]),
    errors: [
      { path: "mailinfra:domains[0].mailboxes", fix: /Spread the mailboxes over more sending domains/ },
    ],
  },
  {
    // 10,000 ran preview out of memory; the unit test (components/validation/mailboxes-per-domain.test.ts) takes
    // 10,000. Here 2,000 short entries: the runner passes the list as one `pulumi config set-all` argument, and
    // Linux caps one argument at 128 KiB (E2BIG).
    name: "declared 2,000 mailboxes on one domain (preview used to run out of memory on such lists)",
    config: () =>
      withDomains([
        domain({
          mailboxes: Array.from({ length: 2_000 }, (_, i) => ({
            username: `m${i}`,
            firstName: "A",
            lastName: "B",
          })),
        }),
      ]),
    errors: [{ path: "mailinfra:domains[0].mailboxes", fix: /at most 100 per domain/ }],
  },
  {
    name: "gave every domain too many mailboxes through mailinfra:defaults",
    config: () => {
      const { mailboxes: _own, ...rest } = domain();
      return withDomains([rest], {
        "mailinfra:defaults": { value: JSON.stringify({ mailboxes: many(MAX_MAILBOXES_PER_DOMAIN + 1) }) },
      });
    },
    errors: [{ path: "mailinfra:defaults.mailboxes", fix: /Spread the mailboxes/ }],
  },
  {
    // Both passed the config schema before and failed only inside the Smartlead provider, with no path.
    name: "set a warmup ramp-up and warmup volume above what Smartlead accepts (dailyRampup 25, perDay 60)",
    config: () =>
      withDomains([
        domain({ mailboxes: [mailbox("ana", { smartlead: { warmup: { dailyRampup: 25, perDay: 60 } } })] }),
      ]),
    errors: [
      { path: `${at}.warmup.dailyRampup`, fix: /from 5 to 20/ },
      { path: `${at}.warmup.perDay`, fix: /from 1 to 50/ },
    ],
  },
  {
    name: "set the warmup ramp-up and reply rate below what Smartlead accepts",
    config: () =>
      withDomains([
        domain({
          mailboxes: [
            mailbox("ana", {
              smartlead: {
                warmup: {
                  dailyRampup: SMARTLEAD_LIMITS.dailyRampup.min - 1,
                  replyRate: SMARTLEAD_LIMITS.replyRate.min - 1,
                },
              },
            }),
          ],
        }),
      ]),
    errors: [
      { path: `${at}.warmup.dailyRampup`, fix: /from 5 to 20/ },
      { path: `${at}.warmup.replyRate`, fix: /from 20 to 100/ },
    ],
  },
  {
    name: "asked for more emails a day than a Workspace mailbox can send",
    config: () =>
      withDomains([
        domain({
          mailboxes: [
            mailbox("ana", { smartlead: { maxEmailsPerDay: SMARTLEAD_LIMITS.maxEmailsPerDay.max + 1 } }),
          ],
        }),
      ]),
    errors: [{ path: `${at}.maxEmailsPerDay`, fix: /from 1 to 2000/ }],
  },
];
