import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type MailWorld, startMailWorld } from "../../emulators/mail";
import type { MailServerLogin } from "./mail-server-login";
import { checkMailboxLogin, MailboxLoginError } from "./mailbox-login";

let world: MailWorld;
const email = "ana@acme.test";
const password = "Correct-Horse-9";

beforeAll(async () => {
  world = await startMailWorld();
});
afterAll(async () => {
  await world.stop();
});
beforeEach(async () => {
  world.setUser(email, password);
  world.faults.smtpDelayMs = 0;
  world.faults.imapDelayMs = 0;
  await world.faults.setDown("all", false);
});

const login = (
  endpoint: { host: string; port: number; security: "ssl" | "starttls" },
  pw = password,
): MailServerLogin => ({
  ...endpoint,
  username: email,
  password: pw,
});
const testOptions = { allowSelfSignedCertificates: true, timeoutMs: 800 };

async function failureOf(promise: Promise<void>): Promise<MailboxLoginError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MailboxLoginError);
  return error as MailboxLoginError;
}

describe("checkMailboxLogin against real SMTP and IMAP endpoints", () => {
  it("passes for the right password over STARTTLS and over implicit TLS", async () => {
    await checkMailboxLogin({ email, smtp: login(world.smtp), imap: login(world.imap) }, testOptions);
    await checkMailboxLogin({ email, smtp: login(world.smtps), imap: login(world.imaps) }, testOptions);
  });

  it("names SMTP and IMAP as 'authentication failed' for a wrong password, without the password", async () => {
    const wrong = "Wrong-Secret-123";
    const error = await failureOf(
      checkMailboxLogin(
        { email, smtp: login(world.smtp, wrong), imap: login(world.imaps, wrong) },
        testOptions,
      ),
    );
    expect(error.failures.map((f) => [f.protocol, f.reason])).toEqual([
      ["SMTP", "authentication failed"],
      ["IMAP", "authentication failed"],
    ]);
    expect(error.message).toContain(
      `SMTP login to ${world.smtp.host}:${world.smtp.port} as ${email} failed: authentication failed`,
    );
    expect(error.message).not.toContain(wrong);
    expect(error.message).not.toContain(Buffer.from(wrong).toString("base64"));
  });

  it("reports only the protocol that failed", async () => {
    const error = await failureOf(
      checkMailboxLogin(
        { email, smtp: login(world.smtp), imap: login(world.imap, "nope-nope") },
        testOptions,
      ),
    );
    expect(error.failures).toHaveLength(1);
    expect(error.failures[0]).toMatchObject({ protocol: "IMAP", reason: "authentication failed" });
    expect(error.message).toMatch(/^Mailbox ana@acme.test: IMAP login/);
  });

  it("tells a timeout (server silent) apart from a refused connection (port closed)", async () => {
    world.faults.smtpDelayMs = 2_000;
    const slow = await failureOf(
      checkMailboxLogin({ email, smtp: login(world.smtp), imap: login(world.imap) }, testOptions),
    );
    expect(slow.failures).toEqual([expect.objectContaining({ protocol: "SMTP", reason: "timeout" })]);
    world.faults.smtpDelayMs = 0;

    await world.faults.setDown("imaps", true);
    const refused = await failureOf(
      checkMailboxLogin({ email, smtp: login(world.smtp), imap: login(world.imaps) }, testOptions),
    );
    expect(refused.failures).toEqual([
      expect.objectContaining({ protocol: "IMAP", reason: "connection refused" }),
    ]);
  });

  it("times out an IMAP server that never greets", async () => {
    world.faults.imapDelayMs = 2_000;
    const error = await failureOf(
      checkMailboxLogin({ email, smtp: login(world.smtps), imap: login(world.imaps) }, testOptions),
    );
    expect(error.failures).toEqual([expect.objectContaining({ protocol: "IMAP", reason: "timeout" })]);
  });

  it("rejects the self-signed certificate unless told to accept it (TLS error)", async () => {
    const error = await failureOf(
      checkMailboxLogin({ email, smtp: login(world.smtps), imap: login(world.imaps) }, { timeoutMs: 800 }),
    );
    expect(error.failures.map((f) => f.reason)).toEqual(["TLS error", "TLS error"]);
    expect(error.message).toContain("security setting");
  });

  it("sees a password change and a removed mailbox at once", async () => {
    world.setUser(email, "rotated-password-1");
    await checkMailboxLogin(
      { email, smtp: login(world.smtp, "rotated-password-1"), imap: login(world.imap, "rotated-password-1") },
      testOptions,
    );
    world.removeUser(email);
    const error = await failureOf(
      checkMailboxLogin(
        {
          email,
          smtp: login(world.smtp, "rotated-password-1"),
          imap: login(world.imap, "rotated-password-1"),
        },
        testOptions,
      ),
    );
    expect(error.failures.map((f) => f.reason)).toEqual(["authentication failed", "authentication failed"]);
  });
});
