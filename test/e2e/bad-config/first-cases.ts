import {
  type BadConfig,
  dkim2048,
  domain,
  mailbox,
  manual,
  rsaPublicKey,
  withDomains,
  withGoogle,
  withReadiness,
  world,
} from "./support";

/** The first cases: one of each kind of mistake a careless user makes. */
export const firstCases: BadConfig[] = [
  {
    name: "declared no domain at all",
    config: () => {
      const { "mailinfra:domains": _, ...rest } = withDomains([]);
      return rest;
    },
    errors: [{ path: "mailinfra:domains", fix: /Add `domains`/ }],
    up: true,
  },
  {
    name: "left the domain list empty",
    config: () => withDomains([]),
    errors: [{ path: "mailinfra:domains", fix: /List at least 1 entry under `domains`/ }],
  },
  {
    name: "wrote a URL instead of a domain name",
    config: () => withDomains([domain({ name: "https://send-a.test/mail" })]),
    errors: [{ path: "mailinfra:domains[0].name", fix: /registered domain only/ }],
    up: true,
  },
  {
    name: "declared the same domain twice, once in Unicode and once in punycode",
    config: () => withDomains([domain({ name: "bücher.de" }), domain({ name: "xn--bcher-kva.de" })]),
    errors: [{ path: "mailinfra:domains[1].name", fix: /merge their mailboxes into mailinfra:domains\[0\]/ }],
  },
  {
    name: "chose a username Google refuses (two periods in a row)",
    config: () => withDomains([domain({ mailboxes: [mailbox("ana"), mailbox("ana..lima")] })]),
    errors: [{ path: "mailinfra:domains[0].mailboxes[1].username", fix: /ana\.lima/ }],
    up: true,
  },
  {
    name: "chose a username Google reserves (postmaster)",
    config: () => withDomains([domain({ mailboxes: [mailbox("postmaster")] })]),
    errors: [{ path: "mailinfra:domains[0].mailboxes[0].username", fix: /Pick another username/ }],
  },
  {
    name: "declared the same mailbox twice, differing only in case",
    config: () => withDomains([domain({ mailboxes: [mailbox("ana"), mailbox("Ana")] })]),
    errors: [{ path: "mailinfra:domains[0].mailboxes[1].username", fix: /Remove the duplicate/ }],
    up: true,
  },
  {
    name: "gave every domain a reserved mailbox through mailinfra:defaults",
    config: () =>
      withDomains([{ name: "send-a.test" }, { name: "send-b.test" }], {
        "mailinfra:defaults": {
          value: JSON.stringify({
            dns: manual,
            dkim: { publicKey: dkim2048 },
            mailboxes: [mailbox("abuse")],
          }),
        },
      }),
    errors: [{ path: "mailinfra:defaults.mailboxes[0].username", fix: /Pick another username/ }],
  },
  {
    name: "listed SPF includes that need more than 10 DNS lookups",
    config: () =>
      withDomains([
        domain({ spf: { includes: Array.from({ length: 10 }, (_, i) => `spf${i + 1}.vendor.example`) } }),
      ]),
    errors: [{ path: "mailinfra:domains[0].spf.includes", fix: /spf\.flatten: true/ }],
  },
  {
    name: "listed so many SPF addresses that the record exceeds 512 bytes",
    config: () =>
      withDomains([domain({ spf: { ip4: Array.from({ length: 40 }, (_, i) => `203.0.113.${i + 1}`) } })]),
    errors: [{ path: "mailinfra:domains[0].spf", fix: /include: of your provider/ }],
  },
  {
    name: "wrote an SPF include with the mechanism name",
    config: () => withDomains([domain({ spf: { includes: ["include:spf.vendor.example"] } })]),
    errors: [{ path: "mailinfra:domains[0].spf.includes[0]", fix: /spf\.vendor\.example/ }],
  },
  {
    name: "gave a DMARC report address without mailto:",
    config: () => withDomains([domain({ dmarc: { rua: "dmarc@send-a.test" } })]),
    errors: [{ path: "mailinfra:domains[0].dmarc.rua[0]", fix: /mailto:dmarc@example\.com/ }],
  },
  {
    name: "set a DMARC policy that does not exist",
    config: () => withDomains([domain({ dmarc: { p: "block" } })]),
    errors: [{ path: "mailinfra:domains[0].dmarc.p", fix: /none, quarantine, reject/ }],
  },
  {
    name: "pasted a DKIM key that is not base64",
    config: () => withDomains([domain({ dkim: { publicKey: "p=MIIB@@not-base64@@" } })]),
    errors: [{ path: "mailinfra:domains[0].dkim.publicKey", fix: /Paste the TXT value Google shows/ }],
  },
  {
    name: "pasted a 512-bit DKIM key",
    config: () => withDomains([domain({ dkim: { publicKey: rsaPublicKey(512) } })]),
    errors: [{ path: "mailinfra:domains[0].dkim.publicKey", fix: /2048-bit key/ }],
    up: true,
  },
  {
    name: "put the tracking host on the DMARC record's name",
    config: () => withDomains([domain({ tracking: { subdomain: "_dmarc" } })]),
    errors: [
      { path: "mailinfra:domains[0].tracking.subdomain", fix: /no underscores/ },
      { path: "mailinfra:domains[0].tracking.subdomain", fix: /cannot share its name/ },
    ],
  },
  {
    name: "chose a custom mail platform without any MX host",
    config: () => withDomains([domain({ platform: { kind: "custom", mx: [] }, mailboxes: [] })]),
    errors: [{ path: "mailinfra:domains[0].platform.mx", fix: /List at least 1 entry under `mx`/ }],
  },
  {
    name: "declared mailboxes on a Microsoft 365 domain",
    config: () => withDomains([domain({ platform: { kind: "microsoft-365", tenant: "contoso" }, dkim: {} })]),
    errors: [{ path: "mailinfra:domains[0].mailboxes", fix: /platform: google-workspace/ }],
  },
  {
    name: "named a registrar mailinfra does not know",
    config: () => withDomains([domain({ dns: { host: "manual", registrar: "gandi" } })]),
    errors: [{ path: "mailinfra:domains[0].dns.registrar", fix: /namecheap/ }],
  },
  {
    name: "chose Cloudflare DNS without its account id",
    config: () => withDomains([domain({ dns: { host: "cloudflare" } })]),
    errors: [{ path: "mailinfra:domains[0].dns.accountId", fix: /Add `accountId`/ }],
    up: true,
  },
  {
    name: "pasted the Cloudflare account name instead of its id",
    config: () => withDomains([domain({ dns: { host: "cloudflare", accountId: "acme-marketing" } })]),
    errors: [{ path: "mailinfra:domains[0].dns.accountId", fix: /Account ID from the Cloudflare dashboard/ }],
  },
  {
    name: "set the readiness timeout above two days",
    config: () => withReadiness({ timeoutMinutes: 5000 }),
    errors: [{ path: "mailinfra:readiness.timeoutMinutes", fix: /Change `timeoutMinutes` to 2880 or less/ }],
  },
  {
    name: "gave a readiness resolver by host name",
    config: () => withReadiness({ resolvers: ["dns.google"], quorum: 1 }),
    errors: [{ path: "mailinfra:readiness.resolvers[0]", fix: /ip:port/ }],
  },
  {
    name: "asked for a quorum larger than the resolver list",
    config: () => withReadiness({ quorum: 5 }),
    errors: [{ path: "mailinfra:readiness.quorum", fix: /at most 1/ }],
  },
  {
    name: "set the Smartlead API key without --secret",
    config: () => {
      const smartlead = world().stackConfig()["mailinfra:smartlead"];
      return withDomains([domain()], { "mailinfra:smartlead": { value: smartlead.value, secret: false } });
    },
    errors: [{ path: "mailinfra:smartlead.apiKey", fix: /pulumi config set --secret/ }],
    up: true,
  },
  {
    name: "stored something other than the service-account JSON key",
    config: () => withGoogle({ serviceAccountKey: "my-service-account@project.iam.gserviceaccount.com" }),
    errors: [{ path: "mailinfra:google.serviceAccountKey", fix: /JSON key for the service account/ }],
  },
  {
    name: "gave an admin that is not an email address",
    config: () => withGoogle({ adminEmail: "admin" }),
    errors: [{ path: "mailinfra:google.adminEmail", fix: /Correct `adminEmail`/ }],
  },
  {
    name: "declared mailboxes without any Google Workspace account",
    config: () => {
      const { "mailinfra:google": _, ...rest } = withDomains([domain()]);
      return rest;
    },
    errors: [{ path: "mailinfra:google", fix: /mailinfra:google\.adminEmail/ }],
  },
  {
    name: "asked for more warmup emails a day than Smartlead allows",
    config: () =>
      withDomains([domain({ mailboxes: [mailbox("ana", { smartlead: { warmup: { perDay: 500 } } })] })]),
    errors: [
      { path: "mailinfra:domains[0].mailboxes[0].smartlead.warmup.perDay", fix: /whole number from 1 to 50/ },
    ],
  },
  {
    name: "misspelled a top-level key (mailinfra:domain)",
    config: () => withDomains([domain()], { "mailinfra:domain": { value: "send-b.test" } }),
    errors: [{ path: "mailinfra:domain", fix: /mailinfra:domains/ }],
  },
  {
    name: "misspelled a domain setting (mailbox instead of mailboxes)",
    config: () => {
      const { mailboxes, ...rest } = domain();
      return withDomains([{ ...rest, mailbox: mailboxes }]);
    },
    errors: [{ path: "mailinfra:domains[0].mailbox", fix: /fix its spelling/ }],
  },
  {
    name: "wrote the TTL as text",
    config: () => withDomains([domain({ ttl: "1h" })]),
    errors: [{ path: "mailinfra:domains[0].ttl", fix: /Write a number for `ttl`/ }],
  },
  {
    name: "wrote the mailboxes as one string instead of a list",
    config: () => withDomains([domain({ mailboxes: "ana, ben" })]),
    errors: [{ path: "mailinfra:domains[0].mailboxes", fix: /an array/ }],
  },
  {
    name: "put a domain name in mailinfra:defaults",
    config: () =>
      withDomains([domain()], { "mailinfra:defaults": { value: JSON.stringify({ name: "send-a.test" }) } }),
    errors: [{ path: "mailinfra:defaults.name", fix: /set it on each entry of mailinfra:domains/ }],
  },
];
