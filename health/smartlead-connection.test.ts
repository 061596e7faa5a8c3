import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { connectionState, failureState } from "./smartlead-connection";

describe("Smartlead's connection flags as a ConnectionState", () => {
  it.each([
    // Gmail SMTP's refusal of a password (as Smartlead's save error carries the server's reply)
    ["535-5.7.8 Username and Password not accepted. For more information, go to", "authentication-failed"],
    // nodemailer's EAUTH message (https://nodemailer.com/errors)
    ["Invalid login: 535 5.7.8 Authentication failed", "authentication-failed"],
    ["Invalid login: 535 5.7.3 Authentication unsuccessful", "authentication-failed"],
    // Gmail IMAP
    ["NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)", "authentication-failed"],
    [
      "[ALERT] Application-specific password required: https://support.google.com/accounts/answer/185833",
      "authentication-failed",
    ],
    // Google's token endpoint, when the OAuth grant was revoked
    ["invalid_grant: Token has been expired or revoked.", "authentication-failed"],
    ["unauthorized_client: Unauthorized", "authentication-failed"],
    // timeouts, in the words of nodemailer and imapflow
    ["Connection timeout", "timeout"],
    ["Greeting never received", "timeout"],
    ["connect ETIMEDOUT 142.250.1.108:993", "timeout"],
    ["IMAP connection timed out", "timeout"],
    // anything else: failed, with the text shown
    ["connect ECONNREFUSED 10.0.0.1:587", "failed"],
    ["IMAP access is disabled for your domain. Please contact your domain administrator", "failed"],
    ["", "failed"],
  ])("%j → %s", (text, state) => {
    expect(failureState(text)).toBe(state);
    const result = connectionState("SMTP", false, text);
    expect(result).toMatchObject({ state, verdict: "fail" });
    if (text) expect(result.detail).toContain(text);
  });

  it("true is connected; null or a missing flag is unknown, never connected nor failed", () => {
    expect(connectionState("IMAP", true, "stale text")).toMatchObject({
      state: "connected",
      verdict: "pass",
    });
    for (const flag of [null, undefined]) {
      expect(connectionState("IMAP", flag, "whatever")).toMatchObject({
        state: "unknown",
        verdict: "unknown",
      });
    }
  });

  it("property: the state is connected exactly when Smartlead's flag is true, whatever the failure text", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(true, false, null, undefined),
        fc.option(fc.string(), { nil: undefined }),
        fc.constantFrom("SMTP" as const, "IMAP" as const),
        (flag, text, protocol) => {
          const { state, verdict } = connectionState(protocol, flag, text);
          expect(state === "connected").toBe(flag === true);
          expect(verdict === "pass").toBe(flag === true);
          if (flag === false) expect(verdict).toBe("fail");
        },
      ),
    );
  });
});
