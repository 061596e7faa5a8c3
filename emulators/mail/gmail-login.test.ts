import { createHash, randomBytes } from "node:crypto";
import { connect as tlsConnect } from "node:tls";
import { ImapFlow } from "imapflow";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type GoogleEmulator, scopes, start as startGoogle, xoauth2Challenge } from "../google";
import { answerConsentPage } from "../google/oauth-person";
import { type MailWorld, startMailWorld } from "./index";

/**
 * The mail servers under Google's rules (`authenticate: google.gmailLogin`), with the real clients mailinfra's
 * neighbours use: nodemailer for SMTP, imapflow for IMAP.
 */

let google: GoogleEmulator;
let mail: MailWorld;
let clock = Date.now();
let email = "";
const password = "Mailbox-Passw0rd";
const client = { clientId: "42-mail.apps.googleusercontent.com", clientSecret: "GOCSPX-mail" };
const redirectUri = "http://127.0.0.1/cb";

beforeAll(async () => {
  google = await startGoogle({ now: () => clock });
  google.oauth.registerOAuthClient({ ...client, redirectUris: [redirectUri] });
  mail = await startMailWorld({ authenticate: google.gmailLogin });
});
afterAll(async () => {
  await mail.stop();
  await google.stop();
});
beforeEach(() => {
  clock = Date.now();
  email = `bo.${randomBytes(3).toString("hex")}@wire.example.com`;
  google.state.addUser({
    customerId: google.customerId,
    primaryEmail: email,
    givenName: "Bo",
    familyName: "M",
    password,
  });
});

async function accessToken(scope: string = scopes.gmail): Promise<string> {
  const verifier = randomBytes(32).toString("base64url");
  const url = new URL(`${google.url}/o/oauth2/v2/auth`);
  for (const [k, v] of Object.entries({
    client_id: client.clientId,
    redirect_uri: "http://127.0.0.1:40000/cb",
    response_type: "code",
    scope,
    access_type: "offline",
    prompt: "consent",
    login_hint: email,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  }))
    url.searchParams.set(k, v);
  const outcome = await answerConsentPage(url.toString(), { password });
  const code = new URL(outcome.location as string).searchParams.get("code") as string;
  const res = await fetch(`${google.url}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: "http://127.0.0.1:40000/cb",
      code_verifier: verifier,
      ...{ client_id: client.clientId, client_secret: client.clientSecret },
    }).toString(),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

const smtp = (auth: Record<string, string>) =>
  nodemailer.createTransport({
    host: mail.smtps.host,
    port: mail.smtps.port,
    secure: true,
    tls: { rejectUnauthorized: false },
    auth: auth.accessToken
      ? { type: "OAuth2" as const, user: auth.user, accessToken: auth.accessToken }
      : { user: auth.user, pass: auth.pass },
  });

async function smtpError(
  auth: Record<string, string>,
): Promise<{ response?: string; responseCode?: number }> {
  try {
    await smtp(auth).verify();
  } catch (error) {
    return error as { response?: string; responseCode?: number };
  }
  throw new Error("SMTP login was accepted");
}

async function imapLogin(auth: { user: string; pass?: string; accessToken?: string }) {
  const imap = new ImapFlow({
    host: mail.imaps.host,
    port: mail.imaps.port,
    secure: true,
    tls: { rejectUnauthorized: false },
    auth,
    logger: false,
  });
  try {
    await imap.connect();
    await imap.logout();
    return { ok: true as const };
  } catch (error) {
    return { ok: false as const, error: error as { response?: string; oauthError?: unknown } };
  }
}

/** The raw SMTP exchange, to see the 334 challenge nodemailer answers silently. */
function rawSmtpXoauth2(user: string, token: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: mail.smtps.host, port: mail.smtps.port, rejectUnauthorized: false });
    const lines: string[] = [];
    let buffer = "";
    let step = 0;
    socket.on("data", (chunk) => {
      buffer += chunk.toString();
      const complete = buffer.split("\r\n");
      buffer = complete.pop() ?? "";
      for (const line of complete) {
        lines.push(line);
        if (/^\d{3} /.test(line)) {
          step += 1;
          if (step === 1) socket.write("EHLO test\r\n");
          else if (step === 2) {
            const ir = Buffer.from(`user=${user}\x01auth=Bearer ${token}\x01\x01`).toString("base64");
            socket.write(`AUTH XOAUTH2 ${ir}\r\n`);
          } else if (step === 3) socket.write("\r\n");
          else {
            socket.end();
            resolve(lines);
          }
        }
      }
    });
    socket.on("error", reject);
  });
}

describe("Gmail's SMTP and IMAP under Google's rules", () => {
  it("refuses the Workspace user's correct plain password with Gmail's replies", async () => {
    const error = await smtpError({ user: email, pass: password });
    expect(error.responseCode).toBe(535);
    expect(error.response).toMatch(
      /^535-5\.7\.8 Username and Password not accepted\. For more information, go to\r?\n535 5\.7\.8 {2}https:\/\/support\.google\.com\/mail\/\?p=BadCredentials \S+ - gsmtp$/,
    );
    const imap = await imapLogin({ user: email, pass: password });
    expect(imap.ok).toBe(false);
    expect(imap.ok ? "" : imap.error.response).toContain(
      "[AUTHENTICATIONFAILED] Invalid credentials (Failure)",
    );
  });

  it("accepts XOAUTH2 with a live https://mail.google.com/ token issued to that user", async () => {
    const token = await accessToken();
    await expect(smtp({ user: email, accessToken: token }).verify()).resolves.toBe(true);
    expect(await imapLogin({ user: email, accessToken: token })).toEqual({ ok: true });
  });

  it("refuses an expired, a revoked, another user's or a non-Gmail token with the 334 / + challenge", async () => {
    const token = await accessToken();
    clock += 3600_000;
    const lines = await rawSmtpXoauth2(email, token);
    expect(lines).toContain(`334 ${xoauth2Challenge}`);
    expect(JSON.parse(Buffer.from(xoauth2Challenge, "base64").toString())).toEqual({
      status: "400",
      schemes: "Bearer",
      scope: "https://mail.google.com/",
    });
    expect(lines.at(-1)).toMatch(/^535 5\.7\.8 {2}https:\/\/support\.google\.com\/mail\/\?p=BadCredentials/);
    const expired = await imapLogin({ user: email, accessToken: token });
    expect(expired.ok ? undefined : expired.error.oauthError).toEqual({
      status: "400",
      schemes: "Bearer",
      scope: "https://mail.google.com/",
    });
    clock = Date.now();

    const revoked = await accessToken();
    google.oauth.revokeUserTokens(email);
    expect((await imapLogin({ user: email, accessToken: revoked })).ok).toBe(false);
    expect((await smtpError({ user: email, accessToken: revoked })).responseCode).toBe(535);

    const calendar = await accessToken("https://www.googleapis.com/auth/calendar");
    expect((await imapLogin({ user: email, accessToken: calendar })).ok).toBe(false);
    const mine = await accessToken();
    expect((await imapLogin({ user: "someone.else@wire.example.com", accessToken: mine })).ok).toBe(false);
  });

  it("accepts an app password only for a 2-Step-enrolled user, and then asks for it instead of the password", async () => {
    expect(() => google.oauth.createAppPassword(email)).toThrow(/2-Step Verification/);
    google.oauth.enrollTwoStep(email);
    const appPassword = google.oauth.createAppPassword(email);
    await expect(smtp({ user: email, pass: appPassword }).verify()).resolves.toBe(true);
    expect(await imapLogin({ user: email, pass: appPassword })).toEqual({ ok: true });

    const error = await smtpError({ user: email, pass: password });
    expect(error.response).toMatch(/^534-5\.7\.9 Application-specific password required\./);
    const imap = await imapLogin({ user: email, pass: password });
    expect(imap.ok ? "" : imap.error.response).toContain(
      "[ALERT] Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)",
    );

    // Google revokes app passwords when the account password changes (support.google.com/accounts/answer/185833).
    google.state.setPassword(email, "Changed-Passw0rd");
    expect((await imapLogin({ user: email, pass: appPassword })).ok).toBe(false);
  });
});
