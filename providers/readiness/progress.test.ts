import { describe, expect, it } from "vitest";
import { formatTimeoutMessage } from "./progress";
import type { ReadinessStatus } from "./readiness-status";
import { MAX_TIMEOUT_SECONDS, READINESS_TIMEOUT_MINUTES } from "./timeout";

const empty: ReadinessStatus = {
  ready: false,
  needed: 3,
  checks: [],
  perResolver: [],
  progress: { done: 0, needed: 0 },
};

describe("formatTimeoutMessage", () => {
  it("tells users to raise the setting they write, mailinfra:readiness.timeoutMinutes, with its limit", () => {
    const message = formatTimeoutMessage("example.com", empty, 30 * 60_000, "all 3 resolvers");
    expect(message.split("\n").at(-1)).toBe(
      "To wait longer, raise mailinfra:readiness.timeoutMinutes (now 30, at most 2880).",
    );
    expect(message).not.toContain("timeoutSeconds");
  });

  it("says the next up takes the domain on, and that --continue-on-error keeps the other domains going", () => {
    const message = formatTimeoutMessage("slow.example.com", empty, 60_000, "all 3 resolvers");
    expect(message.split("\n").at(-2)).toBe(
      "Once they are served, run `pulumi up` again: slow.example.com goes on from here. With --continue-on-error, the other domains do not wait for it.",
    );
  });

  it("takes the limit from the same constant as the config schema and the provider's input check", () => {
    expect(READINESS_TIMEOUT_MINUTES.max * 60).toBe(MAX_TIMEOUT_SECONDS);
    const message = formatTimeoutMessage("example.com", empty, 90_000, "all 3 resolvers");
    expect(message).toContain(`(now 1.5, at most ${READINESS_TIMEOUT_MINUTES.max})`);
  });
});
