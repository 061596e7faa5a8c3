import { describe, expect, it } from "vitest";
import { readinessInputsSchema } from "../providers/readiness/inputs";
import { provider } from "../providers/readiness/readiness.provider";
import { readinessSettings } from "../providers/readiness/readiness-settings";
import { mockRuntime } from "../test/support/mock-runtime";
import { resolved } from "../test/support/resolved";
import { MailDomain } from "./mail-domain";

// The mock runtime is process-global; this file sets up its own.
const { registered } = mockRuntime();

/** The HOST column of `MailDomain.registrarInstructions`' record table, row by row. */
function tableHosts(instructions: string): string[] {
  const lines = instructions.split("\n");
  const header = lines.findIndex((line) => line.startsWith("TYPE"));
  const [from, to] = [lines[header].indexOf("HOST"), lines[header].indexOf("PRIORITY")];
  return lines
    .slice(header + 1)
    .filter((line) => /^[A-Z]+ /.test(line))
    .map((line) => line.slice(from, to).trim());
}

/** The host field of each record line the readiness gate prints for a person, by the record's full name. */
function gateHosts(message: string): Map<string, string> {
  const hosts = new Map<string, string>();
  for (const match of message.matchAll(/^ {2}[A-Z]+ +host (.+?) \(([^()]+)\) {2}TTL/gm)) {
    hosts.set(match[2], match[1]);
  }
  return hosts;
}

describe("registrar instructions", () => {
  it("a Porkbun domain on manual DNS: the readiness gate prints each missing record with the host field the domain's instructions give (empty for the domain itself, not @)", async () => {
    const mail = new MailDomain("porkbun-form.test", {
      domain: { name: "porkbun-form.test", dns: { host: "manual", registrar: "porkbun" }, mailboxes: [] },
    });
    const instructions = await resolved(mail.registrarInstructions);
    const records = await resolved(mail.records);
    await resolved(mail.readiness.urn);
    const gateInputs = registered.find((r) => r.name === "porkbun-form.test-readiness")?.inputs;
    expect(gateInputs?.recordForm).toBe("porkbun");

    // The gate as the engine runs it, with every record missing on its one resolver, until its timeout.
    const inputs = readinessInputsSchema.parse({
      ...gateInputs,
      resolvers: ["192.0.2.1"],
      timeoutSeconds: 1,
    });
    readinessSettings.use({ report: () => {}, gate: { observe: async () => ({ kind: "nxdomain" }) } });
    const failure = await provider.create(inputs).then(
      () => new Error("the gate opened with every record missing"),
      (error: Error) => error,
    );
    readinessSettings.reset();

    const fromGate = gateHosts(failure.message);
    expect(records.map((r) => fromGate.get(r.name))).toEqual(tableHosts(instructions));
    expect(tableHosts(instructions)).toContain("(empty)");
    expect(instructions).toContain("at Porkbun");
  });
});
