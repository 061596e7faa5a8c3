import type { BadConfig } from "./support";

/** Bad config: mailbox renames. */
export const renameCases: BadConfig[] = [];
