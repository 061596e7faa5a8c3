import type { BadConfig } from "./support";

/** Bad config: limits (mailboxes per domain, Smartlead warmup and sending limits) at their boundaries. */
export const limitCases: BadConfig[] = [];
