import { describe, expect, it } from "vitest";
import {
  FIRST_VERIFICATION_PAUSE_MS,
  notSeenYetLine,
  verificationPauseMs,
} from "./workspace-domain-verification-wait";

describe("the wait for Google to see the TXT token", () => {
  it("asks again after 1 s, then 2, 4, 8 s, never more than pollSeconds apart", () => {
    expect(FIRST_VERIFICATION_PAUSE_MS).toBe(1_000);
    expect([1, 2, 3, 4, 5, 6, 12].map((attempt) => verificationPauseMs(attempt, 15_000))).toEqual([
      1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000,
    ]);
    expect(verificationPauseMs(1, 50)).toBe(50);
  });

  it("says in each progress line that it retries, in how long, and for how long in all", () => {
    expect(notSeenYetLine("send.example.com", 3, 4_000, 600)).toBe(
      "WorkspaceDomainVerification send.example.com: Google has not seen the TXT record yet, retrying in 4 s " +
        "(ask 3; Google's own DNS can lag behind the resolvers the readiness gate asked; mailinfra keeps asking for 600 s in all).",
    );
  });
});
