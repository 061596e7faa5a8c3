import { z } from "zod";

/** The registrars mailinfra has steps for (`dns.registrar`); `other` gives generic steps. */
export const REGISTRARS = [
  "godaddy",
  "namecheap",
  "cloudflare",
  "google-domains",
  "name.com",
  "hover",
  "porkbun",
  "other",
] as const;
export const registrarSchema = z.enum(REGISTRARS);
export type Registrar = z.infer<typeof registrarSchema>;
