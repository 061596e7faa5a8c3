import { createPrivateKey, sign } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type GoogleEmulator, scopes, start } from "./index";

/**
 * Raw-HTTP checks of the emulator's wire format (the googleapis client is exercised by the provider
 * tests): OAuth errors, Google's error envelope, paging limits, Site Verification shapes, faults.
 */

let google: GoogleEmulator;
let key: { client_email: string; private_key: string };

beforeAll(async () => {
  google = await start();
  google.state.addDomain(google.customerId, "wire.example.com", { verified: true });
  key = JSON.parse(google.issueServiceAccountKey().keyJson);
});

afterAll(() => google.stop());
afterEach(() => {
  google.faults.clear();
  google.state.clearCalls();
});

function assertion(claims: Record<string, unknown>, privateKey = key.private_key): string {
  const now = Math.floor(Date.now() / 1000);
  const header = Buffer.from(JSON.stringify({ alg: "RS256", typ: "JWT" })).toString("base64url");
  const payload = Buffer.from(
    JSON.stringify({
      iss: key.client_email,
      aud: "https://oauth2.googleapis.com/token",
      iat: now,
      exp: now + 3600,
      sub: google.adminEmail,
      scope: scopes.user,
      ...claims,
    }),
  ).toString("base64url");
  const signature = sign("RSA-SHA256", Buffer.from(`${header}.${payload}`), createPrivateKey(privateKey));
  return `${header}.${payload}.${signature.toString("base64url")}`;
}

async function token(claims: Record<string, unknown> = {}, privateKey?: string) {
  const response = await fetch(`${google.url}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
      assertion: assertion(claims, privateKey),
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function api(method: string, path: string, accessToken?: string, body?: unknown) {
  const response = await fetch(`${google.url}${path}`, {
    method,
    headers: {
      ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      ...(body ? { "content-type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

describe("OAuth token endpoint", () => {
  it("answers a valid JWT-bearer assertion with {access_token, expires_in, token_type}", async () => {
    const { status, body } = await token();
    expect(status).toBe(200);
    expect(body).toEqual({
      access_token: expect.stringMatching(/^ya29\./),
      expires_in: 3599,
      token_type: "Bearer",
    });
  });

  it("rejects a bad signature, an expired assertion, an unknown subject and undelegated scopes as Google does", async () => {
    const otherKey = JSON.parse(google.issueServiceAccountKey({ accountName: "other" }).keyJson).private_key;
    expect(await token({}, otherKey)).toEqual({
      status: 400,
      body: { error: "invalid_grant", error_description: "Invalid JWT Signature." },
    });
    const past = Math.floor(Date.now() / 1000) - 7200;
    expect((await token({ iat: past, exp: past + 3600 })).body.error_description).toContain(
      "short-lived token",
    );
    expect(await token({ sub: "ghost@wire.example.com" })).toEqual({
      status: 400,
      body: { error: "invalid_grant", error_description: "Invalid email or User ID" },
    });
    const undelegated = await token({ scope: `${scopes.user} https://mail.google.com/` });
    expect(undelegated.status).toBe(401);
    expect(undelegated.body.error).toBe("unauthorized_client");
  });
});

describe("Directory API", () => {
  it("requires a bearer token (401) and the method's scope (403 insufficientPermissions)", async () => {
    const missing = await api("GET", "/admin/directory/v1/users?domain=wire.example.com");
    expect(missing.status).toBe(401);
    expect(missing.body.error).toMatchObject({
      code: 401,
      status: "UNAUTHENTICATED",
      errors: [{ reason: "authError" }],
    });
    const { body } = await token({ scope: scopes.user });
    const noDomainScope = await api(
      "GET",
      `/admin/directory/v1/customer/my_customer/domains`,
      body.access_token as string,
    );
    expect(noDomainScope.status).toBe(403);
    expect(noDomainScope.body).toEqual({
      error: {
        code: 403,
        message: "Request had insufficient authentication scopes.",
        errors: [{ message: "Insufficient Permission", domain: "global", reason: "insufficientPermissions" }],
        status: "PERMISSION_DENIED",
      },
    });
    expect(noDomainScope.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
  });

  it("creates users (never echoing the password), refuses duplicates with 409 duplicate, pages at most 500", async () => {
    const access = (await token()).body.access_token as string;
    const created = await api("POST", "/admin/directory/v1/users", access, {
      primaryEmail: "Wire.User@wire.example.com",
      name: { givenName: "Wire", familyName: "User" },
      password: "a-long-enough-password",
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      kind: "admin#directory#user",
      id: expect.stringMatching(/^\d{21}$/),
      primaryEmail: "wire.user@wire.example.com",
      name: { givenName: "Wire", familyName: "User", fullName: "Wire User" },
      suspended: false,
      orgUnitPath: "/",
      customerId: google.customerId,
    });
    expect(JSON.stringify(created.body)).not.toContain("a-long-enough-password");
    expect(created.body).not.toHaveProperty("password");
    const duplicate = await api("POST", "/admin/directory/v1/users", access, {
      primaryEmail: "wire.user@wire.example.com",
      name: { givenName: "W", familyName: "U" },
      password: "a-long-enough-password",
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toMatchObject({
      message: "Entity already exists.",
      errors: [{ reason: "duplicate" }],
    });
    const tooMany = await api(
      "GET",
      "/admin/directory/v1/users?domain=wire.example.com&maxResults=501",
      access,
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toBe("Invalid value '501'. Values must be within the range: [1, 500]");
    const noScope = await api("GET", "/admin/directory/v1/users", access);
    expect(noScope.status).toBe(400);
  });

  it("renames with users.update (PUT): same id, the old address kept as an alias, 409 duplicate for a taken address", async () => {
    const access = (await token()).body.access_token as string;
    const user = (name: string) => ({
      primaryEmail: `${name}@wire.example.com`,
      name: { givenName: "R", familyName: name },
      password: "a-long-enough-password",
    });
    const ben = (await api("POST", "/admin/directory/v1/users", access, user("ben"))).body;
    await api("POST", "/admin/directory/v1/users", access, user("taken"));
    // Instead of waiting for Google to finish creating them.
    google.state.completeUserCreation(ben.id);
    google.state.completeUserCreation("taken@wire.example.com");
    const renamed = await api("PUT", `/admin/directory/v1/users/${ben.id}`, access, {
      primaryEmail: "benjamin@wire.example.com",
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      id: ben.id,
      primaryEmail: "benjamin@wire.example.com",
      aliases: ["ben@wire.example.com"],
      emails: [{ address: "benjamin@wire.example.com", primary: true }, { address: "ben@wire.example.com" }],
    });
    // The old address still finds the user (userKey may be an alias) and cannot be a new user.
    expect((await api("GET", "/admin/directory/v1/users/ben@wire.example.com", access)).body.id).toBe(ben.id);
    expect((await api("POST", "/admin/directory/v1/users", access, user("ben"))).status).toBe(409);
    // Another user cannot take the renamed user's new address, nor its alias.
    for (const target of ["benjamin@wire.example.com", "ben@wire.example.com"]) {
      const refused = await api("PUT", "/admin/directory/v1/users/taken@wire.example.com", access, {
        primaryEmail: target,
      });
      expect(refused.status).toBe(409);
      expect(refused.body.error.errors).toEqual([expect.objectContaining({ reason: "duplicate" })]);
    }
    expect(
      (await api("GET", "/admin/directory/v1/users/taken@wire.example.com", access)).body.aliases,
    ).toBeUndefined();
  });

  it("pages with nextPageToken and lists deleted users only with showDeleted=true", async () => {
    const access = (await token()).body.access_token as string;
    google.state.addDomain(google.customerId, "pages.example.com", { verified: true });
    for (let i = 0; i < 5; i++) {
      google.state.addUser({
        customerId: google.customerId,
        primaryEmail: `p${i}@pages.example.com`,
        givenName: "P",
        familyName: String(i),
        password: "0000000000000000000000000000000000000000",
        hashFunction: "SHA-1",
      });
    }
    google.state.deleteUser("p4@pages.example.com");
    const first = await api("GET", "/admin/directory/v1/users?domain=pages.example.com&maxResults=3", access);
    expect(first.body.users.map((u: { primaryEmail: string }) => u.primaryEmail)).toEqual([
      "p0@pages.example.com",
      "p1@pages.example.com",
      "p2@pages.example.com",
    ]);
    const second = await api(
      "GET",
      `/admin/directory/v1/users?domain=pages.example.com&maxResults=3&pageToken=${first.body.nextPageToken}`,
      access,
    );
    expect(second.body.users.map((u: { primaryEmail: string }) => u.primaryEmail)).toEqual([
      "p3@pages.example.com",
    ]);
    expect(second.body.nextPageToken).toBeUndefined();
    const deleted = await api(
      "GET",
      "/admin/directory/v1/users?domain=pages.example.com&showDeleted=true",
      access,
    );
    expect(deleted.body.users).toEqual([
      expect.objectContaining({ primaryEmail: "p4@pages.example.com", deletionTime: expect.any(String) }),
    ]);
  });
});

describe("Site Verification API", () => {
  it("issues a stable DNS_TXT token and verifies only when the TXT value is published", async () => {
    const access = (await token({ scope: scopes.siteVerificationVerifyOnly })).body.access_token as string;
    google.state.addDomain(google.customerId, "site.example.com");
    const site = { site: { type: "INET_DOMAIN", identifier: "site.example.com" } };
    const issued = await api("POST", "/siteVerification/v1/token", access, {
      ...site,
      verificationMethod: "DNS_TXT",
    });
    expect(issued.body).toEqual({
      method: "DNS_TXT",
      token: google.expectedVerificationToken("site.example.com"),
    });
    const before = await api(
      "POST",
      "/siteVerification/v1/webResource?verificationMethod=DNS_TXT",
      access,
      site,
    );
    expect(before.status).toBe(400);
    expect(before.body.error.message).toBe(
      "The necessary verification token could not be found on your site.",
    );
    google.state.publishTxt("site.example.com", issued.body.token);
    const verified = await api(
      "POST",
      "/siteVerification/v1/webResource?verificationMethod=DNS_TXT",
      access,
      site,
    );
    expect(verified.body).toEqual({
      id: "dns%3A%2F%2Fsite.example.com",
      site: { type: "INET_DOMAIN", identifier: "site.example.com" },
      owners: [google.adminEmail],
    });
    expect(google.state.getDomain("site.example.com")?.verified).toBe(true);
    const wrongType = await api("POST", "/siteVerification/v1/token", access, {
      site: { type: "SITE", identifier: "https://site.example.com/" },
      verificationMethod: "DNS_TXT",
    });
    expect(wrongType.body.error.message).toBe(
      "You cannot use the verification method DNS_TXT to verify a site of type SITE.",
    );
  });
});

describe("faults", () => {
  it("answers 429 with Retry-After, 503 backendError, drops connections, and adds latency", async () => {
    const path = "/admin/directory/v1/customer/my_customer/domains";
    // Only the scopes granted under domain-wide delegation can be asked for: domain, not domain.readonly.
    expect((await token({ scope: scopes.domainReadonly })).status).toBe(401);
    const readScope = (await token({ scope: scopes.domain })).body.access_token as string;
    google.state.clearCalls();
    google.faults.rateLimitNext(1, 7, { endpoint: "directory.domains.list" });
    const limited = await api("GET", path, readScope);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect(limited.body.error.errors[0].reason).toBe("rateLimitExceeded");
    google.faults.serverErrorNext(1, 503, { endpoint: "directory.domains.*" });
    const unavailable = await api("GET", path, readScope);
    expect(unavailable.body).toEqual({
      error: {
        code: 503,
        message: "Service unavailable. Please try again",
        errors: [
          { message: "Service unavailable. Please try again", domain: "global", reason: "backendError" },
        ],
        status: "UNAVAILABLE",
      },
    });
    google.faults.dropNext(1, "before", { method: "GET" });
    await expect(api("GET", path, readScope)).rejects.toThrow();
    google.faults.latency([80, 120], { endpoint: "directory.domains.list" });
    const started = Date.now();
    expect((await api("GET", path, readScope)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
    expect(google.state.calls.map((c) => [c.endpoint, c.status, c.fault])).toEqual([
      ["directory.domains.list", 429, "rateLimit"],
      ["directory.domains.list", 503, "serverError"],
      ["directory.domains.list", 0, "drop"],
      ["directory.domains.list", 200, "latency"],
    ]);
  });
});

describe("malformed answers", () => {
  it("answers a malformed 200 in place of the work, after Google's own credential checks", async () => {
    const path = "/admin/directory/v1/customer/my_customer/domains";
    const readScope = (await token({ scope: scopes.domain })).body.access_token as string;
    google.state.clearCalls();
    google.faults.malformedNext(2, { domains: "not a list" }, { endpoint: "directory.domains.*" });
    expect((await api("GET", path)).status).toBe(401);
    expect(await api("GET", path, readScope)).toMatchObject({ status: 200, body: { domains: "not a list" } });
    expect((await api("GET", path, readScope)).body.domains).toEqual(expect.any(Array));
    google.faults.malformedNext(1, { access_token: 42 }, { endpoint: "oauth.token" });
    expect((await token({ scope: scopes.domain })).body).toEqual({ access_token: 42 });
    expect(google.state.calls.map((c) => [c.endpoint, c.status, c.fault])).toEqual([
      ["directory.domains.list", 401, undefined],
      ["directory.domains.list", 200, "malformed"],
      ["directory.domains.list", 200, undefined],
      ["oauth.token", 200, "malformed"],
    ]);
  });
});

describe("Directory API quota", () => {
  it("refuses Directory queries over the per-minute quota with 429 rateLimitExceeded, not Site Verification, until the minute ends", async () => {
    google.quota.queriesPerMinute = 2;
    google.quota.timeScale = 0.005; // a 300 ms "minute"
    google.quota.reset();
    try {
      const path = "/admin/directory/v1/customer/my_customer/domains";
      const scope = [scopes.domain, scopes.siteVerificationVerifyOnly].join(" ");
      const accessToken = (await token({ scope })).body.access_token as string;
      google.state.clearCalls();
      expect((await api("GET", path, accessToken)).status).toBe(200);
      expect((await api("GET", path, accessToken)).status).toBe(200);
      const limited = await api("GET", path, accessToken);
      expect(limited.status).toBe(429);
      expect(limited.body.error.errors[0].reason).toBe("rateLimitExceeded");
      expect(limited.headers.get("retry-after")).toBeNull();
      const siteToken = await api("POST", "/siteVerification/v1/token", accessToken, {
        site: { type: "INET_DOMAIN", identifier: "wire.example.com" },
        verificationMethod: "DNS_TXT",
      });
      expect(siteToken.status).toBe(200);
      await new Promise((r) => setTimeout(r, 320));
      expect((await api("GET", path, accessToken)).status).toBe(200);
      expect(google.state.callCount("directory.domains.list", { fault: "rateLimit" })).toBe(1);
    } finally {
      google.quota.queriesPerMinute = undefined;
      google.quota.timeScale = 1;
    }
  });
});
