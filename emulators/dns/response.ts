import type { Answer, DecodedPacket, OptAnswer, Packet } from "dns-packet";
import * as dnsPacket from "dns-packet";
import type { Resolution, ServerRole } from "./answer";

export type Transport = "udp" | "tcp";

/** dns-packet decodes `rcode` and `opcode` as strings; @types/dns-packet does not declare them. */
export type DecodedMessage = DecodedPacket & { rcode: string; opcode: string };

export function decodeMessage(message: Buffer): DecodedMessage {
  return dnsPacket.decode(message) as DecodedMessage;
}

/** RFC 1035 limit for a UDP answer when the client did not advertise a larger one with EDNS. */
export const CLASSIC_UDP_LIMIT = 512;
/** What this server advertises and honours at most (the DNS flag day 2020 value). */
export const SERVER_EDNS_PAYLOAD = 1232;

const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
export type Rcode = keyof typeof RCODE;

const OPCODE_MASK = 0x7800;
/** EDNS extended RCODE BADVERS (16): upper 8 bits go in the OPT record, lower 4 in the header. */
const BADVERS_UPPER = 1;

function clientOpt(query: DecodedPacket): OptAnswer | undefined {
  return (query.additionals ?? []).find((a): a is OptAnswer => a.type === "OPT");
}

function headerFlags(
  query: DecodedPacket,
  role: ServerRole,
  rcode: number,
  aa: boolean,
  tc: boolean,
): number {
  let flags = ((query.flags ?? 0) & OPCODE_MASK) | (rcode & 0xf);
  if (query.flag_rd) flags |= dnsPacket.RECURSION_DESIRED;
  if (role === "resolver") flags |= dnsPacket.RECURSION_AVAILABLE;
  if (aa) flags |= dnsPacket.AUTHORITATIVE_ANSWER;
  if (tc) flags |= dnsPacket.TRUNCATED_RESPONSE;
  return flags;
}

function serverOpt(extendedRcodeUpper = 0): OptAnswer {
  return {
    name: ".",
    type: "OPT",
    udpPayloadSize: SERVER_EDNS_PAYLOAD,
    extendedRcode: extendedRcodeUpper,
    ednsVersion: 0,
    flags: 0,
    flag_do: false,
    options: [],
  };
}

/** The largest UDP answer this client can take. */
export function udpLimitFor(query: DecodedPacket): number {
  const opt = clientOpt(query);
  if (!opt) return CLASSIC_UDP_LIMIT;
  return Math.max(CLASSIC_UDP_LIMIT, Math.min(opt.udpPayloadSize, SERVER_EDNS_PAYLOAD));
}

/**
 * Encodes the answer to `query`: RD echoed, RA for resolvers, AA for authoritative data, an OPT
 * record when the client sent one (BADVERS for EDNS versions above 0), and over UDP the TC bit
 * with the sections emptied when the message would not fit, so the client retries over TCP.
 */
export function encodeResponse(
  query: DecodedPacket,
  outcome: Resolution | { rcode: Rcode },
  role: ServerRole,
  transport: Transport,
): Buffer {
  const opt = clientOpt(query);
  const questions = query.questions ?? [];
  if (opt && opt.ednsVersion > 0) {
    return dnsPacket.encode({
      id: query.id,
      type: "response",
      flags: headerFlags(query, role, 0, false, false),
      questions,
      answers: [],
      authorities: [],
      additionals: [serverOpt(BADVERS_UPPER)],
    });
  }
  const answers: Answer[] = "answers" in outcome ? outcome.answers : [];
  const authorities: Answer[] = "authorities" in outcome ? outcome.authorities : [];
  const aa = "authoritative" in outcome ? outcome.authoritative : false;
  const rcode = RCODE[outcome.rcode];
  const additionals: Answer[] = opt ? [serverOpt()] : [];
  const full: Packet = {
    id: query.id,
    type: "response",
    flags: headerFlags(query, role, rcode, aa, false),
    questions,
    answers,
    authorities,
    additionals,
  };
  if (transport === "udp" && dnsPacket.encodingLength(full) > udpLimitFor(query)) {
    return dnsPacket.encode({
      ...full,
      flags: headerFlags(query, role, rcode, aa, true),
      answers: [],
      authorities: [],
    });
  }
  return dnsPacket.encode(full);
}

/** A bare error answer for a message whose question cannot be read: only the id survives. */
export function encodeFormatError(id: number, role: ServerRole): Buffer {
  const flags = RCODE.FORMERR | (role === "resolver" ? dnsPacket.RECURSION_AVAILABLE : 0);
  return dnsPacket.encode({ id, type: "response", flags, questions: [], answers: [] });
}
