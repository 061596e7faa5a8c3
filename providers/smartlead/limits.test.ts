import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../components/config/parse";
import { validateInputs } from "./email-account-inputs";
import { SMARTLEAD_DEFAULTS, SMARTLEAD_LIMITS } from "./limits";

/**
 * Every Smartlead limit, at both ends, on both sides: the config schema (what `preview` reports, with the config
 * path) and the provider's input check (what the SmartleadEmailAccount resource refuses). They import the same
 * constants, so a value one side accepts the other accepts.
 */
const settings = [
  { limit: "warmupPerDay", config: ["warmup", "perDay"], provider: ["warmup", "perDay"] },
  { limit: "dailyRampup", config: ["warmup", "dailyRampup"], provider: ["warmup", "dailyRampup"] },
  { limit: "replyRate", config: ["warmup", "replyRate"], provider: ["warmup", "replyRate"] },
  { limit: "maxEmailsPerDay", config: ["maxEmailsPerDay"], provider: ["maxEmailsPerDay"] },
] as const;

const cases = settings.flatMap(({ limit, config, provider }) => {
  const { min, max } = SMARTLEAD_LIMITS[limit];
  return [
    { limit, config, provider, value: min, ok: true },
    { limit, config, provider, value: min - 1, ok: false },
    { limit, config, provider, value: max, ok: true },
    { limit, config, provider, value: max + 1, ok: false },
  ];
});

/** `["warmup", "perDay"]`, 25 → `{ warmup: { perDay: 25 } }`. */
function nested(path: readonly string[], value: number): Record<string, unknown> {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
}

function configIssues(path: readonly string[], value: number) {
  return parseConfig({
    domains: [
      {
        name: "example.com",
        dns: { host: "manual", registrar: "other" },
        mailboxes: [{ username: "ana", firstName: "Ana", lastName: "Lima", smartlead: nested(path, value) }],
      },
    ],
    google: { adminEmail: "admin@example.com", serviceAccountKey: pulumi.secret("{}") },
    smartlead: { apiKey: pulumi.secret("key") },
  }).issues.filter((i) => i.severity === "error");
}

const login = {
  host: "smtp.example.com",
  port: 587,
  security: "starttls",
  username: "ana@example.com",
  password: "pw",
};

function providerProblems(path: readonly string[], value: number) {
  const warmup =
    path[0] === "warmup"
      ? { ...SMARTLEAD_DEFAULTS.warmup, ...(nested(path, value).warmup as object) }
      : undefined;
  return validateInputs({
    fromName: "Ana Lima",
    fromEmail: "ana@example.com",
    smtp: login,
    imap: { ...login, port: 993, security: "ssl" },
    apiKey: "key",
    ...(warmup ? { warmup } : nested(path, value)),
  }).failures;
}

describe("Smartlead limits", () => {
  it.each(cases)("config schema: $limit = $value is accepted: $ok", ({ limit, config, value, ok }) => {
    const path = `mailinfra:domains[0].mailboxes[0].smartlead.${config.join(".")}`;
    const issues = configIssues(config, value);
    if (ok) {
      expect(issues).toEqual([]);
      return;
    }
    const { min, max } = SMARTLEAD_LIMITS[limit];
    expect(issues).toEqual([
      {
        severity: "error",
        path,
        message: `must be from ${min} to ${max}, the range Smartlead accepts, not ${value}`,
        fix: `Set ${config.join(".")} to a whole number from ${min} to ${max}.`,
      },
    ]);
  });

  it.each(cases)("provider check: $limit = $value is accepted: $ok", ({ limit, provider, value, ok }) => {
    const problems = providerProblems(provider, value);
    if (ok) {
      expect(problems).toEqual([]);
      return;
    }
    const { min, max } = SMARTLEAD_LIMITS[limit];
    expect(problems).toEqual([
      {
        property: provider.join("."),
        reason: expect.stringContaining(
          `${provider.join(".")}: must be a whole number from ${min} to ${max}`,
        ),
      },
    ]);
  });

  it("the defaults are within Smartlead's limits", () => {
    const { warmup, maxEmailsPerDay } = SMARTLEAD_DEFAULTS;
    const within = (value: number, { min, max }: { min: number; max: number }) =>
      value >= min && value <= max;
    expect(within(warmup.perDay, SMARTLEAD_LIMITS.warmupPerDay)).toBe(true);
    expect(within(warmup.dailyRampup, SMARTLEAD_LIMITS.dailyRampup)).toBe(true);
    expect(within(warmup.replyRate, SMARTLEAD_LIMITS.replyRate)).toBe(true);
    expect(within(maxEmailsPerDay, SMARTLEAD_LIMITS.maxEmailsPerDay)).toBe(true);
  });

  it("the values that passed the old schema and failed in the provider now fail at preview with their path", () => {
    expect(configIssues(["warmup", "dailyRampup"], 25).map((i) => i.path)).toEqual([
      "mailinfra:domains[0].mailboxes[0].smartlead.warmup.dailyRampup",
    ]);
    expect(configIssues(["warmup", "perDay"], 60).map((i) => i.path)).toEqual([
      "mailinfra:domains[0].mailboxes[0].smartlead.warmup.perDay",
    ]);
  });
});
