import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SmartleadClient } from "../../providers/smartlead/smartlead-client";
import { SmartleadVerificationError } from "../../providers/smartlead/smartlead-error";
import { type MailWorld, startMailWorld } from "../mail";
import { type SmartleadEmulator, start } from "./index";
import { mailLoginVerifier } from "./mail-login-verifier";

let world: MailWorld;
let emulator: SmartleadEmulator;
beforeAll(async () => {
  world = await startMailWorld();
  emulator = await start({
    verifyMailbox: mailLoginVerifier({
      securityOf: world.securityOf,
      allowSelfSignedCertificates: true,
      timeoutMs: 800,
    }),
  });
});
afterAll(async () => {
  await emulator.stop();
  await world.stop();
});

const body = (email: string, password: string) => ({
  from_name: "Ana",
  from_email: email,
  user_name: email,
  password,
  smtp_host: world.smtp.host,
  smtp_port: world.smtp.port,
  imap_host: world.imaps.host,
  imap_port: world.imaps.port,
  max_email_per_day: 40,
  warmup_enabled: true,
  type: "SMTP" as const,
});

describe("Smartlead emulator verifying mailboxes against the mail world", () => {
  it("saves a mailbox whose logins work; refuses a wrong password (SMTP) and a silent IMAP server (timeout)", async () => {
    const client = new SmartleadClient({
      apiKey: emulator.apiKey,
      baseUrl: emulator.baseUrl,
      retry: { maxAttempts: 1 },
    });
    world.setUser("ana@acme.test", "right-password");
    await expect(client.saveEmailAccount(body("ana@acme.test", "right-password"))).resolves.toHaveProperty(
      "emailAccountId",
    );
    const error = await client.saveEmailAccount(body("bo@acme.test", "whatever")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmartleadVerificationError);
    expect(error).toMatchObject({ protocol: "SMTP", reason: "authentication failed" });
    world.setUser("cy@acme.test", "pw-cy");
    world.faults.imapDelayMs = 2000;
    const timeout = await client.saveEmailAccount(body("cy@acme.test", "pw-cy")).catch((e: unknown) => e);
    world.faults.imapDelayMs = 0;
    expect(timeout).toMatchObject({ protocol: "IMAP", reason: "timeout" });
  });
});
