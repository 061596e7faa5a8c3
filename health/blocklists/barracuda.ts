import type { Blocklist } from "./blocklist";

/**
 * Barracuda Reputation Block List: reversed IPv4 under b.barracudacentral.org; a listed address answers
 * 127.0.0.2, an unlisted one NXDOMAIN (https://www.barracudacentral.org/rbl/how-to-use). Barracuda answers only
 * the DNS servers registered with it (free, at barracudacentral.org); what it answers an unregistered resolver is
 * not documented there. Users report no answer at all (SERVFAIL, "Host not found, try again":
 * https://github.com/iredmail/iRedMail/issues/232), which is `unknown` here, as is anything but 127.0.0.2 or
 * NXDOMAIN. IPv4 only.
 */
export const BARRACUDA_BRBL: Blocklist = {
  name: "Barracuda BRBL",
  kind: "ip",
  zone: "b.barracudacentral.org",
  meaning: (address) =>
    address === "127.0.0.2"
      ? { kind: "listing", text: "listed: the address sent spam to Barracuda's traps or was rated poor" }
      : { kind: "undocumented" },
  delistUrl: () => "https://www.barracudacentral.org/rbl/removal-request",
};
