import * as pulumi from "@pulumi/pulumi";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setStackConfig } from "../../test/support/config";
import { resolved } from "../../test/support/resolved";
import { loadConfig, MailinfraConfigError } from "./load";

const domains = [{ name: "acme.com", dns: { host: "manual", registrar: "godaddy" } }];
const DQS_KEY = "abcdefghijklmnopqrstuvwxyz";

function thrown(fn: () => unknown): MailinfraConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof MailinfraConfigError) return error;
    throw error;
  }
  throw new Error("expected loadConfig to throw");
}

afterEach(() => {
  setStackConfig({});
  vi.restoreAllMocks();
});

describe("mailinfra:health", () => {
  it("is optional: a stack without it has no DQS key and no blocklist resolvers of its own", () => {
    vi.spyOn(pulumi.log, "warn").mockResolvedValue();
    setStackConfig({ "mailinfra:domains": domains });
    expect(loadConfig().health).toEqual({});
  });

  it("holds the Spamhaus DQS key set with --secret as a secret Output, and the blocklist resolvers", async () => {
    vi.spyOn(pulumi.log, "warn").mockResolvedValue();
    setStackConfig(
      {
        "mailinfra:domains": domains,
        "mailinfra:health": { spamhausDqsKey: DQS_KEY, blocklistResolvers: ["192.0.2.53", "127.0.0.1:5353"] },
      },
      ["mailinfra:health"],
    );
    const { health } = loadConfig();
    expect(health.blocklistResolvers).toEqual(["192.0.2.53", "127.0.0.1:5353"]);
    const key = health.spamhausDqsKey!;
    expect(await (key as unknown as { isSecret: Promise<boolean> }).isSecret).toBe(true);
    expect(await resolved(key)).toBe(DQS_KEY);
  });

  it("refuses a DQS key stored in plain text, with the config set --secret line, never quoting the key", () => {
    setStackConfig({ "mailinfra:domains": domains, "mailinfra:health": { spamhausDqsKey: DQS_KEY } });
    const error = thrown(() => loadConfig());
    expect(error.issues.map((i) => [i.path, i.message])).toEqual([
      [
        "mailinfra:health.spamhausDqsKey",
        "is stored in plain text in the stack configuration; credentials must be encrypted Pulumi secrets",
      ],
    ]);
    expect(error.message).toContain(
      "pulumi config set --secret --path 'mailinfra:health.spamhausDqsKey' <dqs-key>",
    );
    expect(error.message).not.toContain(DQS_KEY);
  });

  it("refuses at preview a DQS key that is not 26 letters and digits, with the path and the fix, never quoting the key", () => {
    vi.spyOn(pulumi.log, "warn").mockResolvedValue();
    const cases: [string, RegExp][] = [
      ["shortkey0123456789", /it is 18 characters long, not 26/],
      ["abcdefghijklmnopqrstuvwxyz0", /it is 27 characters long, not 26/],
      ["abcdefghijklm.nopqrstuvwxy", /characters other than letters and digits/],
    ];
    for (const [key, wrong] of cases) {
      setStackConfig({ "mailinfra:domains": domains, "mailinfra:health": { spamhausDqsKey: key } }, [
        "mailinfra:health",
      ]);
      const error = thrown(() => loadConfig());
      expect(error.issues.map((i) => i.path)).toEqual(["mailinfra:health.spamhausDqsKey"]);
      expect(error.issues[0]!.message).toMatch(/^is not a Spamhaus DQS key \(26 letters and digits\)/);
      expect(error.issues[0]!.message).toMatch(wrong);
      expect(error.issues[0]!.fix).toContain(
        "pulumi config set --secret --path 'mailinfra:health.spamhausDqsKey' <key>",
      );
      expect(error.message).not.toContain(key);
    }
    // Blanks around a pasted key are not the key: the health check trims them too.
    setStackConfig(
      { "mailinfra:domains": domains, "mailinfra:health": { spamhausDqsKey: ` ${DQS_KEY}\n` } },
      ["mailinfra:health"],
    );
    expect(() => loadConfig()).not.toThrow();
  });

  it("refuses a blocklist resolver given by name and an unknown setting, at their paths", () => {
    setStackConfig({
      "mailinfra:domains": domains,
      "mailinfra:health": { blocklistResolvers: ["dns.google"], dqsKey: "x" },
    });
    const error = thrown(() => loadConfig());
    const paths = error.issues.map((i) => i.path);
    expect(paths).toContain("mailinfra:health.blocklistResolvers[0]");
    expect(error.issues.find((i) => i.path === "mailinfra:health.blocklistResolvers[0]")?.message).toMatch(
      /resolver "dns\.google" is not an IP address/,
    );
    expect(paths.some((p) => p.startsWith("mailinfra:health"))).toBe(true);
    expect(error.message).toMatch(/dqsKey/);
  });
});
