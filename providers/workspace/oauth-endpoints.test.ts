import { describe, expect, it } from "vitest";
import { oauthEndpoints } from "./oauth-endpoints";

describe("oauthEndpoints", () => {
  it("gives Google's real endpoints without a rootUrl", () => {
    expect(oauthEndpoints()).toEqual({
      authorization: "https://accounts.google.com/o/oauth2/v2/auth",
      token: "https://oauth2.googleapis.com/token",
      revoke: "https://oauth2.googleapis.com/revoke",
      gmailProfile: "https://gmail.googleapis.com/gmail/v1/users/me/profile",
    });
  });

  it("puts every endpoint under the emulator's origin, with or without a trailing slash", () => {
    const expected = {
      authorization: "http://127.0.0.1:4010/o/oauth2/v2/auth",
      token: "http://127.0.0.1:4010/token",
      revoke: "http://127.0.0.1:4010/revoke",
      gmailProfile: "http://127.0.0.1:4010/gmail/v1/users/me/profile",
    };
    expect(oauthEndpoints("http://127.0.0.1:4010")).toEqual(expected);
    expect(oauthEndpoints("http://127.0.0.1:4010/")).toEqual(expected);
  });
});
