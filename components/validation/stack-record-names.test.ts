import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { quietDomain, summary, testConfig } from "../../test/support/config";
import { planRecords } from "../dns/record-set";
import { domainContexts } from "./rule";
import { ownerNameIssues, stackRecordNamesRule } from "./stack-record-names";
import { validateConfigSync } from "./validate";

const CNAME_RULE = "a CNAME must be the only record at its name (RFC 1034 §3.6.2)";

describe("stackRecordNamesRule", () => {
  it.each([
    {
      name: "a subdomain of another domain of the stack, default tracking hosts",
      domains: [quietDomain("a.test"), quietDomain("mail.a.test")],
      defaults: {},
      issues: [],
    },
    {
      name: "a tracking subdomain that is another domain of the stack",
      domains: [quietDomain("a.test", { tracking: { subdomain: "mail" } }), quietDomain("mail.a.test")],
      defaults: {},
      issues: [
        {
          severity: "error",
          path: "mailinfra:domains[0].tracking.subdomain",
          message: `puts the tracking CNAME of a.test at mail.a.test, where mailinfra:domains[1] (mail.a.test) publishes its mx MX, spf TXT, verification TXT records; ${CNAME_RULE}, so DNS would serve one or the other and the readiness gate would never pass`,
        },
      ],
    },
    {
      name: "the same collision through a tracking subdomain inherited from mailinfra:defaults",
      domains: [quietDomain("a.test"), quietDomain("mail.a.test")],
      defaults: { tracking: { subdomain: "mail" } },
      issues: [
        {
          severity: "error",
          path: "mailinfra:defaults.tracking.subdomain",
          message: `puts the tracking CNAME of a.test at mail.a.test, where mailinfra:domains[1] (mail.a.test) publishes its mx MX, spf TXT, verification TXT records; ${CNAME_RULE}, so DNS would serve one or the other and the readiness gate would never pass`,
        },
      ],
    },
    {
      name: "two tracking CNAMEs of two domains on one name",
      domains: [
        quietDomain("a.test", { tracking: { subdomain: "t.b" } }),
        quietDomain("b.a.test", { tracking: { subdomain: "t" } }),
      ],
      defaults: {},
      issues: [
        {
          severity: "error",
          path: "mailinfra:domains[0].tracking.subdomain",
          message: `puts the tracking CNAME of a.test at t.b.a.test, where mailinfra:domains[1] (b.a.test) publishes its tracking CNAME record; ${CNAME_RULE}, so DNS would serve one or the other and the readiness gate would never pass`,
        },
        {
          severity: "error",
          path: "mailinfra:domains[1].tracking.subdomain",
          message: `puts the tracking CNAME of b.a.test at t.b.a.test, where mailinfra:domains[0] (a.test) publishes its tracking CNAME record; ${CNAME_RULE}, so DNS would serve one or the other and the readiness gate would never pass`,
        },
      ],
    },
    {
      name: "an SPF record pasted as the Microsoft 365 verification value",
      domains: [
        {
          name: "m.test",
          platform: { kind: "microsoft-365", tenant: "contoso", verification: "v=spf1 include:x.test ~all" },
        },
      ],
      defaults: {},
      issues: [
        {
          severity: "error",
          path: "mailinfra:domains[0].platform.verification",
          message:
            "makes m.test publish a second SPF record: the verification TXT of mailinfra:domains[0] (m.test) starts with v=spf1, beside the spf TXT of mailinfra:domains[0] (m.test); with two SPF records every SPF check of the domain fails with a permerror (RFC 7208 §3.2, §4.5)",
        },
      ],
    },
    {
      name: "a repeated domain is left to the domain-names rule",
      domains: [quietDomain("a.test"), quietDomain("A.test.")],
      defaults: {},
      issues: [],
    },
  ])("$name", ({ domains, defaults, issues }) => {
    const config = testConfig(domains, {
      defaults: { dns: { host: "manual", registrar: "other" }, ...defaults },
    });
    expect(summary(stackRecordNamesRule(config))).toEqual(issues);
  });

  it("is part of what preview checks, with a fix that names the setting to change", () => {
    const config = testConfig([
      quietDomain("a.test", { tracking: { subdomain: "mail" } }),
      quietDomain("mail.a.test"),
    ]);
    const errors = validateConfigSync(config).filter((i) => i.severity === "error");
    expect(errors.map((i) => [i.path, i.fix])).toEqual([
      [
        "mailinfra:domains[0].tracking.subdomain",
        "Choose a tracking subdomain of a.test that is not the name of another domain in this stack (e.g. emailtracking), or remove mailinfra:domains[1].",
      ],
    ]);
  });

  it("allows one DMARC record per _dmarc name whatever the builders produce", () => {
    const config = testConfig([quietDomain("a.test"), quietDomain("b.test")]);
    const [a, b] = domainContexts(config);
    const dmarc = (content: string) => ({
      name: "_dmarc.a.test",
      type: "TXT" as const,
      content,
      ttl: 3600,
      purpose: "dmarc" as const,
    });
    const issues = ownerNameIssues([
      { record: dmarc("v=DMARC1; p=none"), owner: a },
      { record: dmarc("v=DMARC1; p=reject"), owner: b },
    ]);
    expect(summary(issues)).toEqual([
      {
        severity: "error",
        path: "mailinfra:domains[1].dmarc",
        message:
          "makes _dmarc.a.test publish a second DMARC record: the dmarc TXT of mailinfra:domains[1] (b.test) starts with v=DMARC1, beside the dmarc TXT of mailinfra:domains[0] (a.test); with two DMARC records receivers apply no policy at all (RFC 7489 §6.6.3)",
      },
    ]);
  });

  it("lets through no stack that would publish a CNAME beside another record, or two SPF or DMARC records at a name", () => {
    const names = ["a.test", "mail.a.test", "t.mail.a.test", "b.test", "mail.b.test"];
    const labels = ["mail", "t.mail", "t", "emailtracking", "b", "mail.a.test", "mail.b"];
    const entry = fc.record({
      name: fc.constantFrom(...names),
      subdomain: fc.constantFrom(...labels),
      provider: fc.constantFrom("smartlead", "microsoft-365"),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(entry, { minLength: 1, maxLength: 5, selector: (e) => e.name }),
        (entries) => {
          const config = testConfig(
            entries.map(({ name, subdomain, provider }) =>
              provider === "smartlead"
                ? quietDomain(name, { tracking: { subdomain } })
                : { name, platform: { kind: "microsoft-365", tenant: "t" }, tracking: { subdomain } },
            ),
          );
          if (validateConfigSync(config).some((i) => i.severity === "error")) return;
          const records = config.domains.flatMap((d) =>
            planRecords(d, { googleVerificationToken: "token", dkimPublicKey: "key" }),
          );
          for (const record of records) {
            const atName = records.filter((r) => r.name === record.name);
            if (record.type === "CNAME") expect(atName).toEqual([record]);
            expect(
              atName.filter((r) => r.type === "TXT" && /^v=spf1( |$)/i.test(r.content)).length,
            ).toBeLessThanOrEqual(1);
            expect(
              atName.filter(
                (r) => r.type === "TXT" && /^v=DMARC1/i.test(r.content) && r.name.startsWith("_dmarc."),
              ).length,
            ).toBeLessThanOrEqual(1);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
