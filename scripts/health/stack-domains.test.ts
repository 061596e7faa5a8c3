import { describe, expect, it } from "vitest";
import { quietDomain, testConfig } from "../../test/support/config";
import { stackDomains } from "./stack-domains";

describe("stackDomains", () => {
  const config = testConfig([
    quietDomain("hosted.test"),
    quietDomain("own.test", {
      platform: { kind: "custom", mx: [{ host: "mx.own.test", priority: 10 }] },
      spf: { ip4: ["192.0.2.10", "198.51.100.0/24", "203.0.113.5/32"], ip6: ["2001:db8::5"] },
    }),
    quietDomain("new.test"),
  ]);
  const output = {
    "hosted.test": {
      records: [
        {
          name: "emailtracking.hosted.test",
          type: "CNAME",
          content: "open.sleadtrack.com",
          purpose: "tracking",
        },
        { name: "hosted.test", type: "MX", content: "smtp.google.com", purpose: "mx" },
      ],
      mailboxes: [{ email: "ana@hosted.test", smartleadAccountId: 4 }, {}],
    },
    "own.test": { records: [], mailboxes: [{ email: "ben@own.test" }] },
  };
  const domains = stackDomains(config, output);

  it("checks the declared domains in order, with the records and mailboxes the last up recorded", () => {
    expect(domains.map((d) => d.domain)).toEqual(["hosted.test", "own.test", "new.test"]);
    expect(domains[0]).toMatchObject({
      trackingHost: "emailtracking.hosted.test",
      published: output["hosted.test"].records,
      // A mailbox whose domain did not converge has no address yet: nothing to check.
      mailboxes: [{ address: "ana@hosted.test", smartleadAccountId: 4 }],
      sendingIps: [],
    });
    expect(domains[2]).toEqual({ domain: "new.test", published: [], sendingIps: [], mailboxes: [] });
  });

  it("looks up a custom platform's own sending addresses on IP lists, not its ranges", () => {
    expect(domains[1]?.sendingIps).toEqual(["192.0.2.10", "203.0.113.5", "2001:db8::5"]);
    expect(domains[1]?.mailboxes).toEqual([{ address: "ben@own.test" }]);
  });
});
