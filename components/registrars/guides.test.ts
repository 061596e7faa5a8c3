import { describe, expect, it } from "vitest";
import { REGISTRAR_GUIDES } from "./guides";
import { nameserverInstructions, renderNameserverInstructions } from "./nameservers";
import { REGISTRARS } from "./registrar";

describe("REGISTRAR_GUIDES", () => {
  it.each([
    [
      "godaddy",
      "GoDaddy",
      "15-30 minutes",
      "https://www.godaddy.com/help/change-nameservers-for-my-domains-664",
    ],
    [
      "namecheap",
      "Namecheap",
      "30 mins - 2 hours",
      "https://www.namecheap.com/support/knowledgebase/article.aspx/767/10/",
    ],
    ["cloudflare", "Cloudflare", "Immediate", "https://developers.cloudflare.com/dns/"],
    ["google-domains", "Google Domains", "24-48 hours", "https://support.google.com/domains/answer/3290309"],
    ["name.com", "Name.com", "1-2 hours", "https://www.name.com/support/articles/205934547"],
    ["hover", "Hover", "2-4 hours", "https://help.hover.com/hc/en-us/"],
    ["porkbun", "Porkbun", "1-24 hours", "https://kb.porkbun.com/article/22-how-to-change-your-nameservers"],
    [
      "other",
      "your registrar",
      "1-48 hours",
      "https://developers.cloudflare.com/dns/zone-setups/full-setup/setup/",
    ],
  ] as const)("%s: %s, %s, %s", (id, name, time, url) => {
    const guide = REGISTRAR_GUIDES[id];
    expect([guide.id, guide.name, guide.estimatedPropagationTime, guide.documentationUrl]).toEqual([
      id,
      name,
      time,
      url,
    ]);
    expect(guide.nameserverSteps.length).toBeGreaterThanOrEqual(3);
    expect(guide.recordSteps.some((step) => step.includes("exactly one"))).toBe(true);
  });

  it("covers every registrar the config accepts", () => {
    expect(Object.keys(REGISTRAR_GUIDES).sort()).toEqual([...REGISTRARS].sort());
  });
});

describe("nameserverInstructions", () => {
  it("gives the seed's GoDaddy instructions", () => {
    expect(
      nameserverInstructions("godaddy", ["NS1.cloudflaressl.com.", "ns2.cloudflaressl.com"], "Cloudflare"),
    ).toEqual({
      provider: "godaddy",
      providerName: "GoDaddy",
      nameservers: ["ns1.cloudflaressl.com", "ns2.cloudflaressl.com"],
      instructions: [
        "Log in to your GoDaddy account",
        'Navigate to "My Products" > "Domains"',
        "Click on the domain you want to connect",
        'Scroll down to "Additional Settings" section',
        'Click "Manage DNS"',
        'Click "Change Nameservers"',
        'Select "I\'ll use my own nameservers"',
        "Enter the Cloudflare nameservers shown below",
        'Click "Save" and wait for propagation (usually 15-30 minutes)',
      ],
      documentationUrl: "https://www.godaddy.com/help/change-nameservers-for-my-domains-664",
      estimatedPropagationTime: "15-30 minutes",
    });
  });

  it("renders them for a person", () => {
    const text = renderNameserverInstructions(
      "acme.com",
      nameserverInstructions("porkbun", ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"], "Cloudflare"),
      "Cloudflare",
    );
    expect(text).toBe(
      [
        "Point acme.com at Cloudflare: update its nameservers at Porkbun",
        "(usually 1-24 hours).",
        "  1. Log in to your Porkbun account",
        '  2. Open "Domain Management" and expand the domain\'s details',
        '  3. Click "Edit" next to "Authoritative Nameservers"',
        "  4. Delete the listed nameservers and enter the Cloudflare nameservers shown below, one per line",
        '  5. Click "Submit" (usually within a few hours, up to 24)',
        "Nameservers:",
        "  ada.ns.cloudflare.com",
        "  bob.ns.cloudflare.com",
        "Documentation: https://kb.porkbun.com/article/22-how-to-change-your-nameservers",
      ].join("\n"),
    );
  });
});

describe("nameserver steps name the DNS host", () => {
  it.each(REGISTRARS.filter((r) => r !== "cloudflare"))(
    "%s: another host's name, never Cloudflare's",
    (registrar) => {
      const steps = nameserverInstructions(registrar, ["ns-1.awsdns-01.org"], "Amazon Route 53");
      expect(steps.instructions.join("\n")).not.toMatch(/Cloudflare|\{dns host\}/);
      expect(steps.instructions.some((step) => step.includes("Amazon Route 53 nameservers"))).toBe(true);
      expect(renderNameserverInstructions("acme.com", steps, "Amazon Route 53")).toMatch(
        /^Point acme\.com at Amazon Route 53: update its nameservers at /,
      );
    },
  );
});
