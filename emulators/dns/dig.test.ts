import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DnsWorld, startDnsWorld } from "./world";

const run = promisify(execFile);

function digVersion(): string | undefined {
  try {
    return execFileSync("dig", ["-v"], { stdio: ["ignore", "pipe", "pipe"] }).toString() || "dig";
  } catch (error) {
    // dig prints its version on stderr.
    const stderr = (error as { stderr?: Buffer }).stderr?.toString();
    return stderr?.includes("DiG") ? stderr : undefined;
  }
}

const hasDig = digVersion() !== undefined;
if (!hasDig) {
  console.warn("dig.test.ts skipped: `dig` not found; install it with `apt-get install -y bind9-dnsutils`");
}

/** Runs dig against one server of the world (async: the server lives in this process). */
async function dig(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run("dig", ["@127.0.0.1", "-p", String(port), "+time=2", "+tries=1", ...args]);
  return stdout;
}

let world: DnsWorld;
const dkim = `v=DKIM1; k=rsa; p=${"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA".repeat(9)}`;

describe.skipIf(!hasDig)("Debian's dig reads the DNS world", () => {
  beforeAll(async () => {
    world = await startDnsWorld({ resolvers: [{ name: "r" }] });
    world.zones.addZone("example.com");
    world.zones.add(
      { name: "example.com", type: "TXT", strings: ["v=spf1 include:_spf.google.com ~all"] },
      { name: "example.com", type: "MX", priority: 1, exchange: "smtp.google.com" },
      { name: "google._domainkey.example.com", type: "TXT", strings: [dkim.slice(0, 255), dkim.slice(255)] },
      { name: "emailtracking.example.com", type: "CNAME", target: "open.sleadtrack.com" },
      ...Array.from({ length: 3 }, (_, i) => ({
        name: "big.example.com",
        type: "TXT" as const,
        strings: [`${i}${"z".repeat(250)}`],
      })),
    );
  });
  afterAll(() => world?.stop());

  it("reads a DKIM key split across two character-strings as two quoted strings", async () => {
    const out = await dig(world.authoritative.port, "+short", "google._domainkey.example.com", "TXT");
    expect(out.trim()).toBe(`"${dkim.slice(0, 255)}" "${dkim.slice(255)}"`);
  });

  it("sees AA from the authoritative server, RA from a resolver, and NOERROR/NXDOMAIN", async () => {
    const auth = await dig(world.authoritative.port, "+norec", "example.com", "TXT");
    expect(auth).toMatch(/status: NOERROR/);
    expect(auth).toMatch(/flags: qr aa;/);
    expect(auth).toMatch(/example\.com\.\s+300\s+IN\s+TXT\s+"v=spf1 include:_spf\.google\.com ~all"/);
    expect(auth).toMatch(/EDNS: version: 0, flags:; udp: 1232/);

    const rec = await dig(world.resolver("r").port, "example.com", "MX");
    expect(rec).toMatch(/flags: qr rd ra;/);
    expect(rec).toMatch(/example\.com\.\s+300\s+IN\s+MX\s+1 smtp\.google\.com\./);

    const nx = await dig(world.resolver("r").port, "missing.example.com", "TXT");
    expect(nx).toMatch(/status: NXDOMAIN/);
    expect(nx).toMatch(
      /AUTHORITY SECTION:\nexample\.com\.\s+60\s+IN\s+SOA\s+ns1\.example\.com\. hostmaster\.example\.com\./,
    );
  });

  it("follows a CNAME", async () => {
    const out = await dig(world.resolver("r").port, "+short", "emailtracking.example.com", "CNAME");
    expect(out.trim()).toBe("open.sleadtrack.com.");
  });

  it("falls back to TCP when the UDP answer is truncated without EDNS", async () => {
    const out = await dig(world.authoritative.port, "+noedns", "big.example.com", "TXT");
    expect(out).toMatch(/;; Truncated, retrying in TCP mode\./);
    expect(out).toMatch(/ANSWER: 3,/);
    expect(out).toMatch(/\(TCP\)/);
    const withEdns = await dig(world.authoritative.port, "big.example.com", "TXT");
    expect(withEdns).not.toMatch(/Truncated/);
    expect(withEdns).toMatch(/\(UDP\)/);
  });

  it("sees SERVFAIL when the resolver is told to fail", async () => {
    world.resolver("r").faults.servfail = true;
    try {
      const out = await dig(world.resolver("r").port, "example.com", "TXT");
      expect(out).toMatch(/status: SERVFAIL/);
    } finally {
      world.resolver("r").faults.servfail = false;
    }
  });
});
