import { generateKeyPairSync } from "node:crypto";
import { type BadConfig, domain, withDomains, withReadiness, world } from "./support";

const rsaPrivateKeyPem = () =>
  generateKeyPairSync("rsa", { modulusLength: 2048 })
    .privateKey.export({ type: "pkcs1", format: "pem" })
    .toString();
const ed25519PublicKey = () =>
  generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "der" }).toString("base64");

/**
 * Bad config: record names across the stack, tracking hosts, public suffixes, resolvers and DKIM keys.
 * DMARC `p: reject` with `pct: 0` is a warning, not an error (RFC 7489 §6.6.4 makes it quarantine, and some
 * publish it on purpose), so it has no case here: this suite only holds configurations preview refuses.
 */
export const nameCases: BadConfig[] = [
  {
    name: "chose a tracking subdomain that is another domain of the stack (mail on send-a.test beside mail.send-a.test)",
    config: () =>
      withDomains([
        domain({ tracking: { subdomain: "mail" } }),
        domain({ name: "mail.send-a.test", mailboxes: [] }),
      ]),
    errors: [
      {
        path: "mailinfra:domains[0].tracking.subdomain",
        fix: /not the name of another domain in this stack.*or remove mailinfra:domains\[1\]/,
      },
    ],
    up: true,
  },
  {
    name: "wrote the tracking host as an absolute name under another domain (track.other.com.)",
    config: () => withDomains([domain({ tracking: { subdomain: "track.other.com." } })]),
    errors: [
      {
        path: "mailinfra:domains[0].tracking.subdomain",
        fix: /Write only the label under send-a\.test, e\.g\. track for track\.send-a\.test/,
      },
    ],
  },
  {
    name: "gave one domain a tracking host of another domain of the stack (mail.send-b.test on send-a.test)",
    config: () =>
      withDomains([
        domain({ tracking: { subdomain: "mail.send-b.test" } }),
        domain({ name: "send-b.test", mailboxes: [] }),
      ]),
    errors: [
      {
        path: "mailinfra:domains[0].tracking.subdomain",
        fix: /Set tracking\.subdomain on mailinfra:domains\[1\] for a host under send-b\.test/,
      },
    ],
  },
  {
    name: "declared a public suffix as a sending domain (co.uk, github.io)",
    config: () => withDomains([domain({ name: "co.uk" }), domain({ name: "github.io", mailboxes: [] })]),
    errors: [
      { path: "mailinfra:domains[0].name", fix: /registered under it, e\.g\. yourbrand\.co\.uk/ },
      { path: "mailinfra:domains[1].name", fix: /whose DNS you control/ },
    ],
    up: true,
  },
  {
    name: "listed the same readiness resolver three times with quorum 3",
    config: () => {
      const resolver = world().dns.resolvers[0].address;
      return withReadiness({ resolvers: [resolver, resolver, resolver], quorum: 3 });
    },
    errors: [
      { path: "mailinfra:readiness.resolvers[1]", fix: /Remove the copy/ },
      { path: "mailinfra:readiness.resolvers[2]", fix: /Remove the copy/ },
      { path: "mailinfra:readiness.quorum", fix: /List 3 different resolvers, or use a quorum of at most 1/ },
    ],
  },
  {
    name: "pasted the DKIM private key instead of the public key",
    config: () => withDomains([domain({ dkim: { publicKey: rsaPrivateKeyPem() } })]),
    errors: [{ path: "mailinfra:domains[0].dkim.publicKey", fix: /Paste the public key instead/ }],
    up: true,
  },
  {
    name: "pasted an Ed25519 DKIM key",
    config: () => withDomains([domain({ dkim: { publicKey: ed25519PublicKey() } })]),
    errors: [{ path: "mailinfra:domains[0].dkim.publicKey", fix: /Generate a 2048-bit RSA key/ }],
  },
];
