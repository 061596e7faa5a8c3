/** The record types the readiness gate asks for: the mail records, and NS for delegation. */
export type QueryType = "TXT" | "MX" | "CNAME" | "NS";

/** One record as a resolver returned it (TXT keeps its character-strings as served). */
export type FoundValue =
  | { type: "TXT"; strings: string[] }
  | { type: "MX"; priority: number; exchange: string }
  | { type: "CNAME"; target: string }
  | { type: "NS"; host: string };

/** What one resolver said about one name and type. */
export type Observation =
  | { kind: "records"; values: FoundValue[] }
  /** The name does not exist (NXDOMAIN). */
  | { kind: "nxdomain" }
  /** The name exists without records of the asked type (NOERROR, empty answer). */
  | { kind: "nodata" }
  /** No usable answer: timeout, SERVFAIL, refused, connection refused… `code` as node reports it. */
  | { kind: "failure"; code: string };
