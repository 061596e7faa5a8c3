import { describe, expect, it } from "vitest";
import { formatForRegistrar } from "./registrar-form";

// That every registrar's host field here is the registrar instructions' own: components/registrars/records.test.ts.
describe("formatForRegistrar", () => {
  it("Porkbun: the domain itself is an empty host field, as Porkbun's form wants it", () => {
    const spf = { name: "acme.com", type: "TXT", content: "v=spf1 -all", ttl: 3600, purpose: "spf" } as const;
    expect(formatForRegistrar(spf, "Acme.com.", "porkbun")).toBe(
      'TXT   host (empty) (acme.com)  TTL 3600  value "v=spf1 -all"',
    );
  });
});
