import { describe, expect, it } from "vitest";
import { quietDomain, summary, testConfig } from "../../test/support/config";
import type { SpfResolver } from "../dns/spf-flatten";
import { memoizedResolver, spfDnsIssues } from "./spf-dns";

function resolver(txt: Record<string, string[]>, counter?: { count: number }): SpfResolver {
  return {
    resolveTxt: (name) => {
      if (counter) counter.count++;
      const records = txt[name];
      return records
        ? Promise.resolve(records.map((r) => [r]))
        : Promise.reject(Object.assign(new Error("nx"), { code: "ENOTFOUND" }));
    },
  };
}

const GOOGLE = {
  "_spf.google.com": [
    "v=spf1 include:_netblocks.google.com include:_netblocks2.google.com include:_netblocks3.google.com ~all",
  ],
  "_netblocks.google.com": ["v=spf1 ip4:35.190.247.0/24 ip4:64.233.160.0/19 ~all"],
  "_netblocks2.google.com": ["v=spf1 ip6:2001:4860:4000::/36 ~all"],
  "_netblocks3.google.com": ["v=spf1 ip4:172.217.0.0/19 ~all"],
};

/** A vendor whose SPF costs `depth` lookups: include:v → v1 → ... */
function chain(name: string, depth: number): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (let i = 0; i < depth; i++) {
    const here = i === 0 ? name : `${i}.${name}`;
    out[here] = [i === depth - 1 ? "v=spf1 ip4:192.0.2.1 -all" : `v=spf1 include:${i + 1}.${name} -all`];
  }
  return out;
}

describe("spfDnsIssues", () => {
  it("counts nested includes: Google's 4 plus a vendor's 7 is over 10", async () => {
    const config = testConfig([quietDomain("example.com", { spf: { includes: ["vendor.net"] } })]);
    const issues = await spfDnsIssues(config, resolver({ ...GOOGLE, ...chain("vendor.net", 7) }));
    expect(summary(issues)).toEqual([
      {
        severity: "error",
        path: "mailinfra:domains[0].spf",
        message:
          "the SPF record needs 11 DNS lookups (include:_spf.google.com 4, include:vendor.net 7); receivers fail SPF above 10",
      },
    ]);
    expect(issues[0].fix).toBe("Set spf.flatten: true, or remove includes you do not send through.");
  });

  it("passes the same record once it is flattened, and checks the flattened size", async () => {
    const config = testConfig([
      quietDomain("example.com", { spf: { includes: ["vendor.net"], flatten: true } }),
    ]);
    expect(await spfDnsIssues(config, resolver({ ...GOOGLE, ...chain("vendor.net", 7) }))).toEqual([]);

    const big: Record<string, string[]> = {
      "big.net": [`v=spf1 ${Array.from({ length: 40 }, (_, i) => `ip4:198.51.${i}.0/24`).join(" ")} -all`],
    };
    const bigConfig = testConfig([
      quietDomain("example.com", { spf: { includes: ["big.net"], flatten: true } }),
    ]);
    expect(summary(await spfDnsIssues(bigConfig, resolver({ ...GOOGLE, ...big })))).toEqual([
      {
        severity: "error",
        path: "mailinfra:domains[0].spf.flatten",
        message: "the flattened SPF record is 844 bytes (43 ip4 and 1 ip6 ranges); keep it within 512",
      },
    ]);
  });

  it("reports an include without SPF record at its config path, and unresolvable includes as warnings", async () => {
    const config = testConfig([quietDomain("example.com", { spf: { includes: ["ok.net", "gone.net"] } })]);
    const failing: SpfResolver = {
      resolveTxt: (name) =>
        name === "ok.net"
          ? Promise.reject(Object.assign(new Error("t"), { code: "ETIMEOUT" }))
          : resolver(GOOGLE).resolveTxt(name),
    };
    expect(summary(await spfDnsIssues(config, failing))).toEqual([
      {
        severity: "warning",
        path: "mailinfra:domains[0].spf.includes[0]",
        message: "include:ok.net could not be checked: TXT lookup of ok.net failed (ETIMEOUT)",
      },
      {
        severity: "error",
        path: "mailinfra:domains[0].spf.includes[1]",
        message:
          "include:gone.net: gone.net publishes no SPF record, which makes include:gone.net a permerror",
      },
    ]);
  });

  it("asks DNS once per name across hundreds of domains", async () => {
    const counter = { count: 0 };
    const config = testConfig(Array.from({ length: 200 }, (_, i) => quietDomain(`d${i}.com`)));
    expect(await spfDnsIssues(config, resolver(GOOGLE, counter))).toEqual([]);
    expect(counter.count).toBe(4);
  });

  it("memoizes each query type separately", async () => {
    const calls: string[] = [];
    const memo = memoizedResolver({
      resolveTxt: async (n) => {
        calls.push(`TXT ${n}`);
        return [["x"]];
      },
      resolve4: async (n) => {
        calls.push(`A ${n}`);
        return ["192.0.2.1"];
      },
    });
    await memo.resolveTxt("a.net");
    await memo.resolveTxt("a.net");
    await memo.resolve4?.("a.net");
    expect(calls).toEqual(["TXT a.net", "A a.net"]);
    expect(memo.resolve6).toBeUndefined();
  });
});
