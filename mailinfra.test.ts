import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import * as library from "./mailinfra";

const root = __dirname;
const packageJson = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));

describe("the public entry", () => {
  it("exports the components and parseDomain", () => {
    expect(typeof library.MailDomain).toBe("function");
    expect(typeof library.parseDomain).toBe("function");
    expect(typeof library.loadConfig).toBe("function");
    expect(typeof library.mailinfra).toBe("function");
    expect(typeof library.smartleadPlatform).toBe("function");
  });

  it("exports Mailbox as a type only: MailDomain builds mailboxes from what a person writes, not a parsed MailboxConfig", () => {
    expect("Mailbox" in library).toBe(false);
    // tsc checks that the type names a MailDomain's mailboxes.
    const addresses = (mail: library.MailDomain) => mail.mailboxes.map((m: library.Mailbox) => m.address);
    expect(typeof addresses).toBe("function");
  });

  it("exports what a program that builds its own MailDomains needs: the adopted-zone check and its report", () => {
    expect(typeof library.existingCloudflareRecords).toBe("function");
    expect(typeof library.reportIssues).toBe("function");
    expect(typeof library.program).toBe("function");
    expect(typeof library.renderNameserverInstructions).toBe("function");
  });

  it("types a DNS host of the caller's own with the exported argument and result types (tsc checks this file)", () => {
    const route53 = (): library.DnsHost => ({
      publish(args: library.DnsHostArgs): library.PublishedDns {
        const records: library.PublishedRecord[] = args.records;
        const delegation: library.Delegation = {
          hostName: "Amazon Route 53",
          nameservers: pulumi.output(["ns-1.awsdns-00.com"]),
        };
        return {
          zoneId: pulumi.output<string | undefined>(undefined),
          delegation,
          dependencies: [],
          instructions: pulumi.output(`${records.length} records`),
          recordForm: "other" satisfies library.Registrar,
        };
      },
    });
    expect(typeof route53().publish).toBe("function");
  });

  it("is what the package exports, compiled, with its declarations", () => {
    expect(packageJson.exports["."]).toEqual({
      types: "./dist/mailinfra.d.ts",
      default: "./dist/mailinfra.js",
    });
    expect([packageJson.main, packageJson.types]).toEqual(["dist/mailinfra.js", "dist/mailinfra.d.ts"]);
    expect(packageJson.files).toEqual(["dist/"]);
  });

  it("does not replace the program: Pulumi.yaml names index.ts, or Pulumi's host would run the library's entry", () => {
    // @pulumi/pulumi cmd/run/run.js: with no entry point in Pulumi.yaml, it runs exports["."] (else package.json's main).
    const project = parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8"));
    expect(project.main).toBe("index.ts");
    expect(fs.readFileSync(path.join(root, project.main), "utf8")).toContain("export = program;");
  });
});
