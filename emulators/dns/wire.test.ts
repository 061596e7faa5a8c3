import * as dgram from "node:dgram";
import * as net from "node:net";
import type { Answer, OptAnswer, Packet } from "dns-packet";
import * as dnsPacket from "dns-packet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DecodedMessage, decodeMessage } from "./response";
import { type DnsWorld, startDnsWorld } from "./world";

/** Sends one message the way a stub resolver would and decodes the reply, with no retry logic. */
function udpQuery(port: number, packet: Packet): Promise<DecodedMessage> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket("udp4");
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error("no UDP answer"));
    }, 1000);
    socket.on("message", (msg) => {
      clearTimeout(timer);
      socket.close();
      resolve(decodeMessage(msg));
    });
    socket.send(dnsPacket.encode(packet), port, "127.0.0.1");
  });
}

function tcpQuery(port: number, packets: Packet[]): Promise<DecodedMessage[]> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let buffer = Buffer.alloc(0);
    const replies: DecodedMessage[] = [];
    socket.on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 2 && buffer.length >= 2 + buffer.readUInt16BE(0)) {
        const length = buffer.readUInt16BE(0);
        replies.push(decodeMessage(buffer.subarray(2, 2 + length)));
        buffer = buffer.subarray(2 + length);
      }
      if (replies.length === packets.length) {
        socket.end();
        resolve(replies);
      }
    });
    socket.on("error", reject);
    // Both queries in one write: the server must split the stream by the length prefixes.
    socket.write(Buffer.concat(packets.map((p) => dnsPacket.streamEncode(p))));
  });
}

const query = (
  name: string,
  type: "TXT" | "MX" | "CNAME" | "NS" | "SOA",
  extra: Partial<Packet> = {},
): Packet => ({
  type: "query",
  id: 4242,
  flags: dnsPacket.RECURSION_DESIRED,
  questions: [{ name, type, class: "IN" }],
  ...extra,
});

const edns = (udpPayloadSize: number, ednsVersion = 0): OptAnswer => ({
  name: ".",
  type: "OPT",
  udpPayloadSize,
  extendedRcode: 0,
  ednsVersion,
  flags: 0,
  flag_do: false,
  options: [],
});

const txtStrings = (a: Answer | undefined) =>
  a?.type === "TXT" ? (a.data as Buffer[]).map((b) => b.toString()) : undefined;

let world: DnsWorld;
beforeAll(async () => {
  world = await startDnsWorld({ resolvers: [{ name: "r" }] });
  world.zones.addZone("example.com");
  world.zones.add(
    { name: "example.com", type: "TXT", strings: ["v=spf1 include:_spf.google.com ~all"] },
    { name: "mail.example.com", type: "CNAME", target: "ghs.googlehosted.com" },
    { name: "track.example.com", type: "CNAME", target: "target.example.com" },
    { name: "target.example.com", type: "TXT", strings: ["a", "b"] },
    ...Array.from({ length: 3 }, (_, i) => ({
      name: "big.example.com",
      type: "TXT" as const,
      strings: [`${i}${"k".repeat(254)}`],
    })),
  );
});
afterAll(() => world.stop());

describe("DNS world wire format", () => {
  it("sets AA on the authoritative server and RA (never AA) on resolvers, echoing id and RD", async () => {
    const auth = await udpQuery(world.authoritative.port, query("example.com", "TXT"));
    expect(auth).toMatchObject({ id: 4242, flag_qr: true, flag_aa: true, flag_ra: false, flag_rd: true });
    expect(auth.rcode).toBe("NOERROR");
    const rec = await udpQuery(world.resolver("r").port, query("example.com", "TXT", { flags: 0 }));
    expect(rec).toMatchObject({ flag_aa: false, flag_ra: true, flag_rd: false, rcode: "NOERROR" });
    expect(txtStrings(rec.answers?.[0])).toEqual(["v=spf1 include:_spf.google.com ~all"]);
  });

  it("answers NXDOMAIN and NODATA with the zone SOA (negative TTL) in the authority section", async () => {
    const nx = await udpQuery(world.authoritative.port, query("nope.example.com", "TXT"));
    expect(nx.rcode).toBe("NXDOMAIN");
    expect(nx.answers).toHaveLength(0);
    expect(nx.authorities?.[0]).toMatchObject({ type: "SOA", name: "example.com", ttl: 60 });
    const nodata = await udpQuery(world.authoritative.port, query("example.com", "MX"));
    expect(nodata.rcode).toBe("NOERROR");
    expect(nodata.answers).toHaveLength(0);
    expect(nodata.authorities?.[0]?.type).toBe("SOA");
  });

  it("refuses names outside its zones when authoritative", async () => {
    const refused = await udpQuery(world.authoritative.port, query("example.org", "TXT"));
    expect(refused.rcode).toBe("REFUSED");
    expect(refused.flag_aa).toBe(false);
  });

  it("answers CNAMEs, chasing them for other types", async () => {
    const direct = await udpQuery(world.resolver("r").port, query("mail.example.com", "CNAME"));
    expect(direct.answers).toMatchObject([{ type: "CNAME", data: "ghs.googlehosted.com" }]);
    const chased = await udpQuery(world.resolver("r").port, query("track.example.com", "TXT"));
    expect(chased.answers?.map((a) => a.type)).toEqual(["CNAME", "TXT"]);
    expect(txtStrings(chased.answers?.[1])).toEqual(["a", "b"]);
  });

  it("truncates over UDP beyond 512 bytes without EDNS, and honours the EDNS payload size", async () => {
    const classic = await udpQuery(world.authoritative.port, query("big.example.com", "TXT"));
    expect(classic.flag_tc).toBe(true);
    expect(classic.answers).toHaveLength(0);
    expect(classic.additionals).toHaveLength(0);

    const withEdns = await udpQuery(
      world.authoritative.port,
      query("big.example.com", "TXT", { additionals: [edns(1232)] }),
    );
    expect(withEdns.flag_tc).toBe(false);
    expect(withEdns.answers).toHaveLength(3);
    expect(withEdns.additionals?.[0]).toMatchObject({ type: "OPT", udpPayloadSize: 1232, ednsVersion: 0 });

    const smallEdns = await udpQuery(
      world.authoritative.port,
      query("big.example.com", "TXT", { additionals: [edns(600)] }),
    );
    expect(smallEdns.flag_tc).toBe(true);
    expect(smallEdns.additionals?.[0]?.type).toBe("OPT");
  });

  it("answers BADVERS to an EDNS version it does not speak", async () => {
    const reply = await udpQuery(
      world.authoritative.port,
      query("example.com", "TXT", { additionals: [edns(1232, 1)] }),
    );
    const opt = reply.additionals?.[0] as OptAnswer;
    expect(opt.type).toBe("OPT");
    // BADVERS is 16: upper bits in the OPT record, lower 4 in the header.
    expect((opt.extendedRcode << 4) | ((reply.flags ?? 0) & 0xf)).toBe(16);
    expect(reply.answers).toHaveLength(0);
  });

  it("serves the full answer over TCP, several length-prefixed messages on one connection", async () => {
    const [big, spf] = await tcpQuery(world.authoritative.port, [
      query("big.example.com", "TXT"),
      { ...query("example.com", "TXT"), id: 7 },
    ]);
    expect(big?.flag_tc).toBe(false);
    expect(big?.answers).toHaveLength(3);
    expect(spf?.id).toBe(7);
    expect(txtStrings(spf?.answers?.[0])).toEqual(["v=spf1 include:_spf.google.com ~all"]);
  });

  it("answers FORMERR to a message with two questions", async () => {
    const reply = await udpQuery(world.resolver("r").port, {
      ...query("example.com", "TXT"),
      questions: [
        { name: "example.com", type: "TXT" },
        { name: "example.com", type: "MX" },
      ],
    });
    expect(reply.rcode).toBe("FORMERR");
  });
});
