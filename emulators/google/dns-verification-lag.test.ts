import { describe, expect, it } from "vitest";
import { ZoneStore } from "../dns";
import { GOOGLE_DNS_VERIFICATION_LAG_MS, laggingDnsTxtVerifier } from "./dns-verification-lag";

function fakeClock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const token = "google-site-verification=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

describe("Google's own DNS check lags behind the zone", () => {
  it("sees a TXT record only GOOGLE_DNS_VERIFICATION_LAG_MS after it was published", async () => {
    const clock = fakeClock();
    const zones = new ZoneStore({ now: clock.now });
    zones.addZone("send.example.com");
    const googleSees = laggingDnsTxtVerifier(zones, GOOGLE_DNS_VERIFICATION_LAG_MS, clock.now);
    zones.add({ name: "send.example.com", type: "TXT", strings: [token] });
    expect(zones.current().some((r) => r.type === "TXT")).toBe(true); // a resolver without lag serves it
    expect(await googleSees("send.example.com", token)).toBe(false);
    clock.advance(GOOGLE_DNS_VERIFICATION_LAG_MS - 1);
    expect(await googleSees("send.example.com", token)).toBe(false);
    clock.advance(1);
    expect(await googleSees("SEND.example.com.", token)).toBe(true);
    expect(await googleSees("send.example.com", `${token}x`)).toBe(false);
  });
});
