import type { BadConfig } from "./support";

/** Bad config: record names across the stack, tracking hosts, public suffixes, resolvers, DMARC and DKIM keys. */
export const nameCases: BadConfig[] = [];
