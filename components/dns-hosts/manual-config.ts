import { z } from "zod";
import { registrarSchema } from "../registrars/registrar";

/** `dns:` of a domain on manual DNS: someone creates the records by hand at `registrar`; mailinfra prints them and waits until they resolve. */
export const manualDnsSchema = z.strictObject({
  host: z.literal("manual"),
  registrar: registrarSchema,
});
