import { describe, expect, it } from "vitest";
import { testAccounts } from "../../test/support/config";
import { dmarcRecords } from "../dns/dmarc";
import { parseConfig } from "./parse";

const manual = { host: "manual", registrar: "other" };

function parse(extra: Record<string, unknown>, domains: Record<string, unknown>[]) {
  return parseConfig({ domains, ...testAccounts(), ...extra });
}

describe("mailinfra:dmarcReports", () => {
  it("makes every domain that writes no rua publish the reports mailbox, and the reports domain authorize them", () => {
    const { config, issues } = parse({ dmarcReports: { mailbox: "DMARC-Reports@Acme-Outreach.test" } }, [
      { name: "acme-outreach.test", dns: manual },
      { name: "tryacme.test", dns: manual },
      { name: "own.test", dns: manual, dmarc: { rua: "mailto:postmaster@own.test" } },
      { name: "none.test", dns: manual, dmarc: { rua: [] } },
    ]);
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    const [acme, tryacme, own, none] = config!.domains;
    expect(config!.dmarcReports).toMatchObject({
      mailbox: "dmarc-reports@acme-outreach.test",
      onDelete: "suspend",
    });
    expect([acme, tryacme, own, none].map((d) => d.dmarc.rua)).toEqual([
      ["mailto:dmarc-reports@acme-outreach.test"],
      ["mailto:dmarc-reports@acme-outreach.test"],
      ["mailto:postmaster@own.test"],
      [],
    ]);
    // RFC 7489 §7.1: the receiving domain publishes `<sender>._report._dmarc.<receiver>` for each other domain.
    expect(dmarcRecords(acme).map((r) => [r.name, r.content])).toEqual([
      [
        "_dmarc.acme-outreach.test",
        "v=DMARC1; p=none; rua=mailto:dmarc-reports@acme-outreach.test; adkim=r; aspf=r",
      ],
      ["tryacme.test._report._dmarc.acme-outreach.test", "v=DMARC1"],
    ]);
    expect(dmarcRecords(tryacme).map((r) => r.content)).toEqual([
      "v=DMARC1; p=none; rua=mailto:dmarc-reports@acme-outreach.test; adkim=r; aspf=r",
    ]);
  });

  it("a rua in mailinfra:defaults wins over the reports mailbox", () => {
    const { config } = parse(
      { dmarcReports: { mailbox: "r@a.test" }, defaults: { dmarc: { rua: "mailto:agency@a.test" } } },
      [
        { name: "a.test", dns: manual },
        { name: "b.test", dns: manual },
      ],
    );
    expect(config!.domains.map((d) => d.dmarc.rua)).toEqual([
      ["mailto:agency@a.test"],
      ["mailto:agency@a.test"],
    ]);
  });

  it("without it, a domain publishes no rua: no address that bounces every report", () => {
    const { config } = parse({}, [{ name: "acme-outreach.test", dns: manual }]);
    expect(dmarcRecords(config!.domains[0]).map((r) => r.content)).toEqual([
      "v=DMARC1; p=none; adkim=r; aspf=r",
    ]);
  });

  it("refuses a mailbox that is not an address, and unknown settings, at their paths", () => {
    const { config, issues } = parse({ dmarcReports: { mailbox: "dmarc-reports", onDelete: "archive" } }, [
      { name: "a.test", dns: manual },
    ]);
    expect(config).toBeUndefined();
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      [
        "mailinfra:dmarcReports.mailbox",
        expect.stringMatching(/^must be an e-mail address, e.g. dmarc-reports@acme-outreach.com/),
      ],
      ["mailinfra:dmarcReports.onDelete", expect.stringContaining("suspend")],
    ]);
  });
});
