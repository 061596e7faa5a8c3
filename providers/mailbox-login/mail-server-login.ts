import { z } from "zod";

/**
 * How a mailbox's SMTP or IMAP server is reached and logged in to.
 * `ssl`: TLS from the first byte (465, 993); `starttls`: plain, then upgraded (587, 143); `none`: never TLS.
 * Upper case and `tls` (= implicit TLS, as the Workspace module's MailboxConnection says) are accepted too.
 */
export const mailSecuritySchema = z.preprocess(
  (value) => {
    if (typeof value !== "string") return value;
    const lower = value.toLowerCase();
    return lower === "tls" ? "ssl" : lower;
  },
  z.enum(["ssl", "starttls", "none"]),
);

export const mailServerLoginSchema = z.object({
  host: z.string().min(1, "host is required"),
  port: z.number().int().min(1).max(65535),
  username: z.string().min(1, "username is required"),
  password: z.string().min(1, "password is required"),
  security: mailSecuritySchema,
});

export type MailSecurity = z.infer<typeof mailSecuritySchema>;
export type MailServerLogin = z.infer<typeof mailServerLoginSchema>;

export interface LoginCheckOptions {
  /** Give up on a server that does not answer within this time. @default 15000 */
  timeoutMs?: number;
  /** Accept a self-signed or otherwise untrusted certificate. Only for test worlds. @default false */
  allowSelfSignedCertificates?: boolean;
}
