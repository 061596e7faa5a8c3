import { describe, expect, it } from "vitest";
import { parsedConfig } from "../../test/support/config";
import { dnsHostRule } from "../validation/dns-host";
import { cloudflareHost } from "./cloudflare";
import { CLOUDFLARE_ID_FIXES, cloudflareDnsProblems } from "./cloudflare-config";

const ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";

describe("cloudflareDnsProblems", () => {
  it.each([
    [{ accountId: ACCOUNT }, []],
    [{ accountId: ACCOUNT, zoneId: "415e6f4653b6d95b775d350f32119abb" }, []],
    [{ accountId: ACCOUNT.toUpperCase() }, ["accountId"]],
    [{ accountId: `${ACCOUNT}0` }, ["accountId"]],
    [{ accountId: "acme-marketing", zoneId: "example.com" }, ["accountId", "zoneId"]],
    [
      { accountId: ACCOUNT, zoneId: "415e6f4653b6d95b775d350f32119abb", adoptExistingZone: true },
      ["adoptExistingZone"],
    ],
  ])("%o → %o", (dns, fields) => {
    expect(cloudflareDnsProblems(dns).map((p) => p.field)).toEqual(fields);
  });

  it("gives each id the dashboard place to copy it from", () => {
    const [account, zone] = cloudflareDnsProblems({ accountId: "acme", zoneId: "acme.com" });
    expect(account.fix).toBe(CLOUDFLARE_ID_FIXES.accountId);
    expect(zone.fix).toBe(CLOUDFLARE_ID_FIXES.zoneId);
    expect(account.fix).toMatch(/Account ID from the Cloudflare dashboard/);
    expect(zone.fix).toMatch(/Zone ID/);
  });

  it("is the one text for a mistake, whether preview's config check or cloudflareHost finds it", () => {
    const dns = { accountId: "acme", zoneId: "acme.com", adoptExistingZone: true };
    const config = parsedConfig({
      domains: [{ name: "example.com", dns: { host: "cloudflare", ...dns }, mailboxes: [] }],
    });
    const fromRule = dnsHostRule(config);
    const thrown = (() => {
      try {
        cloudflareHost(dns);
        return "";
      } catch (error) {
        return String(error);
      }
    })();
    expect(fromRule.map((issue) => [issue.message, issue.fix])).toEqual(
      cloudflareDnsProblems(dns).map((p) => [p.message, p.fix]),
    );
    for (const problem of cloudflareDnsProblems(dns)) {
      expect(thrown).toContain(`${problem.field}: ${problem.message}. ${problem.fix}`);
    }
  });
});
