// mailauth 7 types its message-level dmarc() but not the policy discovery it is built on; this covers the one
// function the health check uses (node_modules/mailauth/lib/dmarc/get-dmarc-record.js).
declare module "mailauth/lib/dmarc/get-dmarc-record" {
  /** The parsed record (tags as keys, `rr` the text) that applies to `domain`, or false when none does. */
  function getDmarcRecord(
    domain: string,
    resolver: (name: string, type: string) => Promise<unknown>,
    options?: { strict?: boolean },
  ): Promise<(Record<string, string | number | boolean> & { rr: string }) | false>;
  export = getDmarcRecord;
}
