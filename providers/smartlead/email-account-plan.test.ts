import { describe, expect, it } from "vitest";
import { parseInputs } from "./email-account-inputs";
import { changedProperties, planUpdate } from "./email-account-plan";

const inputs = parseInputs({
  fromName: "Ana Lopez",
  fromEmail: "ana@send.example.com",
  smtp: {
    host: "smtp.gmail.com",
    port: 587,
    username: "ana@send.example.com",
    password: "pw",
    security: "starttls",
  },
  imap: {
    host: "imap.gmail.com",
    port: 993,
    username: "ana@send.example.com",
    password: "pw",
    security: "ssl",
  },
  campaignIds: [7, 3],
  apiKey: "key",
});

/** What the engine hands back from the state: the same values, every object's keys sorted. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, sortedKeys(v)]),
    );
  }
  return value;
}

describe("comparing stored properties with the program's inputs", () => {
  it("sees no change when only the key order differs (refresh and up after refresh stay quiet)", () => {
    const stored = sortedKeys({ ...inputs, emailAccountId: 1, adopted: false, warmupStatus: "ACTIVE" });
    expect(changedProperties(stored as never, inputs)).toEqual([]);
    expect(planUpdate(stored as never, inputs)).toEqual({
      credentials: false,
      settings: false,
      warmup: false,
      addTo: [],
      removeFrom: [],
    });
  });

  it("still sees a changed nested value", () => {
    const stored = sortedKeys({ ...inputs, warmup: { ...inputs.warmup, enabled: false } });
    expect(changedProperties(stored as never, inputs)).toEqual(["warmup"]);
  });
});
