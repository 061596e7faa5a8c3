import { createHash, createPrivateKey, randomBytes, sign } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type GoogleEmulator, imapDisabledReply, scopes, start } from "./index";
import { answerConsentPage } from "./oauth-person";

/**
 * What keeps a new mailbox from being used, as Google does it: a user made with users.insert is not fully
 * created for a while, needs a Gmail licence for `isMailboxSetup` and Gmail logins, can sit in an OU whose IMAP
 * is off, and an address held by a personal Google Account cannot be created at all.
 */

let google: GoogleEmulator;
let clock = Date.now();
let directoryToken = "";
const domain = "usable.example.com";
const password = "Mailbox-Passw0rd-1";
const client = { clientId: "77-usable.apps.googleusercontent.com", clientSecret: "GOCSPX-usable" };
const redirectUri = "http://127.0.0.1/cb";
const creationDelayMs = 60_000;

beforeAll(async () => {
  google = await start({ now: () => clock, userCreationDelayMs: creationDelayMs, orgUnits: ["/Sales"] });
  google.state.addOrgUnit(google.customerId, "/Sales/Outbound");
  google.state.addDomain(google.customerId, domain, { verified: true });
  google.oauth.registerOAuthClient({ ...client, redirectUris: [redirectUri] });
  const key = JSON.parse(google.issueServiceAccountKey().keyJson) as {
    client_email: string;
    private_key: string;
  };
  const now = Math.floor(Date.now() / 1000);
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${part({ alg: "RS256", typ: "JWT" })}.${part({
    iss: key.client_email,
    aud: google.tokenUri,
    iat: now,
    exp: now + 3600,
    sub: google.adminEmail,
    scope: scopes.user,
  })}`;
  const signature = sign("RSA-SHA256", Buffer.from(unsigned), createPrivateKey(key.private_key));
  const answer = await fetch(google.tokenUri, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
      assertion: `${unsigned}.${signature.toString("base64url")}`,
    }),
  });
  directoryToken = ((await answer.json()) as { access_token: string }).access_token;
});
afterAll(() => google.stop());
beforeEach(() => {
  clock = Date.now();
  google.state.setLicencesAvailable(undefined);
});

async function directory(method: string, path: string, body?: unknown) {
  const response = await fetch(`${google.url}/admin/directory/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${directoryToken}`,
      ...(body ? { "content-type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function insert(username: string, orgUnitPath = "/") {
  const email = `${username}.${randomBytes(3).toString("hex")}@${domain}`;
  const answer = await directory("POST", "/users", {
    primaryEmail: email,
    name: { givenName: "Ana", familyName: "Lima" },
    password,
    orgUnitPath,
  });
  return { email, answer };
}

function authorizationUrl(email: string): string {
  const url = new URL(`${google.url}/o/oauth2/v2/auth`);
  const verifier = "v".repeat(43);
  for (const [k, v] of Object.entries({
    client_id: client.clientId,
    redirect_uri: redirectUri,
    response_type: "code",
    scope: scopes.gmail,
    access_type: "offline",
    login_hint: email,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  }))
    url.searchParams.set(k, v);
  return url.toString();
}

/** The mailbox signs in at the consent page and the code is exchanged: a Gmail-scoped access token. */
async function gmailToken(email: string): Promise<string> {
  const outcome = await answerConsentPage(authorizationUrl(email), { password });
  const code = new URL(outcome.location as string).searchParams.get("code") as string;
  const answer = await fetch(google.tokenUri, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      client_id: client.clientId,
      client_secret: client.clientSecret,
      code_verifier: "v".repeat(43),
    }),
  });
  return ((await answer.json()) as { access_token: string }).access_token;
}

const xoauth2 = (protocol: "smtp" | "imap", email: string, accessToken: string) =>
  google.gmailLogin({ protocol, method: "XOAUTH2", username: email, accessToken });

describe("a user made with users.insert is not fully created at once", () => {
  it("answers mutations 412 'User creation is not complete.', reads 404, and refuses sign-in until it is", async () => {
    const { email, answer } = await insert("new");
    expect(answer.status).toBe(200);
    expect(answer.body.isMailboxSetup).toBe(false);
    const id = answer.body.id as string;

    const patched = await directory("PATCH", `/users/${id}`, { name: { givenName: "Ann" } });
    expect(patched.status).toBe(412);
    expect(patched.body.error).toMatchObject({
      code: 412,
      message: "User creation is not complete.",
      errors: [{ reason: "conditionNotMet" }],
    });
    expect((await directory("PUT", `/users/${id}`, { suspended: true })).status).toBe(412);
    expect((await directory("DELETE", `/users/${id}`)).status).toBe(412);
    const read = await directory("GET", `/users/${encodeURIComponent(email)}`);
    expect(read.status).toBe(404);
    expect(read.body.error.message).toBe("Resource Not Found: userKey");

    const signIn = await answerConsentPage(authorizationUrl(email), { password });
    expect(signIn.location).toBeUndefined();
    expect(signIn.html).toContain("find your Google Account");
    expect(google.gmailLogin({ protocol: "imap", method: "PLAIN", username: email, password })).toEqual({
      ok: false,
      reply: "NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)",
    });

    clock += creationDelayMs; // Google finishes creating it
    const ready = await directory("GET", `/users/${id}`);
    expect(ready.status).toBe(200);
    expect(ready.body.isMailboxSetup).toBe(true);
    expect((await directory("PATCH", `/users/${id}`, { name: { givenName: "Ann" } })).status).toBe(200);
    const token = await gmailToken(email);
    expect(xoauth2("imap", email, token)).toEqual({ ok: true });
    expect(xoauth2("smtp", email, token)).toEqual({ ok: true });
  });

  it("takes the delay from the emulator's option; users added out of band are complete at once", async () => {
    expect(google.state.userCreationDelayMs).toBe(creationDelayMs);
    const byHand = google.state.addUser({
      customerId: google.customerId,
      primaryEmail: `hand.${randomBytes(3).toString("hex")}@${domain}`,
      givenName: "By",
      familyName: "Hand",
      password,
    });
    expect(google.state.creationComplete(byHand)).toBe(true);
    expect((await directory("GET", `/users/${byHand.id}`)).body.isMailboxSetup).toBe(true);
  });
});

describe("Gmail licences", () => {
  it("gives every new user a licence while any is left, then adds users without one: isMailboxSetup false, Gmail refused", async () => {
    google.state.setLicencesAvailable(1);
    const licensed = await insert("first");
    const unlicensed = await insert("second");
    google.state.completeUserCreation(licensed.email);
    google.state.completeUserCreation(unlicensed.email);
    expect((await directory("GET", `/users/${licensed.answer.body.id}`)).body.isMailboxSetup).toBe(true);
    expect((await directory("GET", `/users/${unlicensed.answer.body.id}`)).body.isMailboxSetup).toBe(false);

    const token = await gmailToken(unlicensed.email);
    expect(xoauth2("imap", unlicensed.email, token)).toEqual({
      ok: false,
      reply: "NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)",
    });
    const smtp = xoauth2("smtp", unlicensed.email, token);
    expect(smtp.ok).toBe(false);
    expect(!smtp.ok && smtp.reply).toMatch(/^535-5\.7\.8 Username and Password not accepted/);
  });

  it("unlicensing a user in the Admin console closes Gmail; assigning a licence opens it again", async () => {
    const { email, answer } = await insert("later");
    google.state.completeUserCreation(email);
    const token = await gmailToken(email);
    google.state.unlicenseUser(email);
    expect((await directory("GET", `/users/${answer.body.id}`)).body.isMailboxSetup).toBe(false);
    expect(xoauth2("imap", email, token).ok).toBe(false);
    google.state.assignLicence(email);
    expect((await directory("GET", `/users/${answer.body.id}`)).body.isMailboxSetup).toBe(true);
    expect(xoauth2("imap", email, token)).toEqual({ ok: true });
  });
});

describe("IMAP access per organizational unit", () => {
  it("refuses IMAP logins (XOAUTH2 and app password) of the OU's users, and of OUs below it, with Gmail's reply; SMTP still works", async () => {
    const sales = await insert("sales", "/Sales");
    const outbound = await insert("outbound", "/Sales/Outbound");
    const root = await insert("root", "/");
    for (const user of [sales, outbound, root]) google.state.completeUserCreation(user.email);
    const tokens = await Promise.all([sales, outbound, root].map((user) => gmailToken(user.email)));
    google.state.setImapEnabled("/Sales", false);

    const refused = { ok: false, reply: imapDisabledReply };
    expect(xoauth2("imap", sales.email, tokens[0]!)).toEqual(refused);
    expect(xoauth2("imap", outbound.email, tokens[1]!)).toEqual(refused);
    expect(xoauth2("imap", root.email, tokens[2]!)).toEqual({ ok: true });
    expect(xoauth2("smtp", sales.email, tokens[0]!)).toEqual({ ok: true });
    expect(imapDisabledReply).toContain("[ALERT] Your account is not enabled for IMAP use.");

    google.state.oauth.enrollTwoStep(sales.email);
    const appPassword = google.state.oauth.createAppPassword(sales.email);
    expect(
      google.gmailLogin({ protocol: "imap", method: "PLAIN", username: sales.email, password: appPassword }),
    ).toEqual(refused);

    google.state.setImapEnabled("/Sales/Outbound", true);
    expect(xoauth2("imap", outbound.email, tokens[1]!)).toEqual({ ok: true });
    google.state.setImapEnabled("/Sales", true);
    expect(xoauth2("imap", sales.email, tokens[0]!)).toEqual({ ok: true });
  });
});

describe("an address held by a personal (conflicting) Google Account", () => {
  it("answers users.insert 409 'Entity already exists.' and users.get 404, until the person frees it", async () => {
    const email = `taken.${randomBytes(3).toString("hex")}@${domain}`;
    google.state.addConsumerAccount(email);
    const body = { primaryEmail: email, name: { givenName: "C", familyName: "A" }, password };
    const refused = await directory("POST", "/users", body);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 409,
      message: "Entity already exists.",
      errors: [{ reason: "duplicate" }],
    });
    expect((await directory("GET", `/users/${encodeURIComponent(email)}`)).status).toBe(404);

    google.state.removeConsumerAccount(email); // renamed or transferred by its owner
    expect((await directory("POST", "/users", body)).status).toBe(200);
  });
});
