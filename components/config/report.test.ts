import * as pulumi from "@pulumi/pulumi";
import { afterEach, describe, expect, it, vi } from "vitest";
import { configError, configWarning } from "./issue";
import { MailinfraConfigError, reportIssues } from "./report";

afterEach(() => vi.restoreAllMocks());

describe("reportIssues", () => {
  const warning = configWarning("mailinfra:domains[0].dkim.publicKey", "is not set", "Set it.");
  const first = configError(
    "mailinfra:domains[0].name",
    '"a..com" contains an empty label',
    "Write example.com.",
  );
  const second = configError(
    "mailinfra:smartlead.apiKey",
    "is missing",
    "Run: pulumi config set --secret ...",
  );

  it("logs warnings and returns when there is no error", () => {
    const warn = vi.spyOn(pulumi.log, "warn").mockResolvedValue();
    reportIssues([warning]);
    expect(warn.mock.calls).toEqual([["mailinfra:domains[0].dkim.publicKey: is not set\n    Fix: Set it."]]);
  });

  it("throws one RunError listing every error with its path and fix", () => {
    vi.spyOn(pulumi.log, "warn").mockResolvedValue();
    let error: unknown;
    try {
      reportIssues([first, warning, second]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MailinfraConfigError);
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    expect((error as MailinfraConfigError).issues).toEqual([first, second]);
    expect((error as Error).message).toBe(
      [
        "mailinfra: the stack configuration has 2 errors; nothing was created or changed.",
        '  1. mailinfra:domains[0].name: "a..com" contains an empty label',
        "       Fix: Write example.com.",
        "  2. mailinfra:smartlead.apiKey: is missing",
        "       Fix: Run: pulumi config set --secret ...",
      ].join("\n"),
    );
  });
});
