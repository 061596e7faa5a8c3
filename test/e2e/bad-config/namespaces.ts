import type { BadConfig } from "./support";

/** Bad config: misspelled config namespaces and keys under another namespace. */
export const namespaceCases: BadConfig[] = [];
