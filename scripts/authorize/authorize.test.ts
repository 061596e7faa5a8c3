import { describe, expect, it } from "vitest";
import { consentLine, consentLink, consentLinks } from "./consent-link";
import { createPkce, createState, pkceChallenge } from "./pkce";
import { redirectOutcome } from "./redirect";

describe("PKCE and state", () => {
  it("derives the S256 challenge of RFC 7636's Appendix B example", () => {
    expect(pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe(
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
  });

  it("makes a fresh 43-character verifier and state each time, from the allowed characters", () => {
    const a = createPkce();
    const b = createPkce();
    expect(a.verifier).toMatch(/^[A-Za-z0-9\-._~]{43}$/);
    expect(a.verifier).not.toBe(b.verifier);
    expect(a.challenge).toBe(pkceChallenge(a.verifier));
    expect(createState()).not.toBe(createState());
  });
});

describe("consent link", () => {
  it("asks Google for an offline, consented, PKCE-bound grant of the Gmail scope for that mailbox", () => {
    const link = new URL(
      consentLink({
        authorizationEndpoint: "https://accounts.google.com/o/oauth2/v2/auth",
        clientId: "1-x.apps.googleusercontent.com",
        redirectUri: "http://127.0.0.1:53682",
        loginHint: "ana@send-a.test",
        state: "st4te",
        codeChallenge: "ch4llenge",
      }),
    );
    expect(`${link.origin}${link.pathname}`).toBe("https://accounts.google.com/o/oauth2/v2/auth");
    expect(Object.fromEntries(link.searchParams)).toEqual({
      client_id: "1-x.apps.googleusercontent.com",
      redirect_uri: "http://127.0.0.1:53682",
      response_type: "code",
      scope: "https://mail.google.com/",
      access_type: "offline",
      prompt: "consent",
      login_hint: "ana@send-a.test",
      state: "st4te",
      code_challenge: "ch4llenge",
      code_challenge_method: "S256",
    });
  });

  it("prints one stable line per mailbox that a script reads back", () => {
    const output = [
      "Stack dev: 2 OAuth mailbox(es), 0 of 2 authorized.",
      consentLine("ana@a.test", "http://g.test/o/oauth2/v2/auth?a=1&login_hint=ana%40a.test"),
      consentLine("ben@a.test", "http://g.test/o/oauth2/v2/auth?a=2"),
    ].join("\n");
    expect([...consentLinks(output)]).toEqual([
      ["ana@a.test", "http://g.test/o/oauth2/v2/auth?a=1&login_hint=ana%40a.test"],
      ["ben@a.test", "http://g.test/o/oauth2/v2/auth?a=2"],
    ]);
  });
});

describe("redirect handling", () => {
  const byState = new Map([["s1", "ana@a.test"]]);

  it("takes the code of a state it issued", () => {
    expect(redirectOutcome("/?state=s1&code=4%2F0abc&scope=https://mail.google.com/", byState)).toEqual({
      kind: "code",
      pending: "ana@a.test",
      code: "4/0abc",
    });
  });

  it("reports a cancelled consent as refused", () => {
    expect(redirectOutcome("/?state=s1&error=access_denied", byState)).toEqual({
      kind: "refused",
      pending: "ana@a.test",
      error: "access_denied",
    });
  });

  it("ignores a redirect with a state it did not issue, or none", () => {
    expect(redirectOutcome("/?state=forged&code=x", byState).kind).toBe("unknown");
    expect(redirectOutcome("/?code=x", byState).kind).toBe("unknown");
  });
});
