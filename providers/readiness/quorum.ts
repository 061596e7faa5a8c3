import { z } from "zod";

/**
 * How many resolvers must serve a record before it counts as propagated: every one, a strict
 * majority, or at least N.
 */
export const quorumSchema = z.union([z.literal("all"), z.literal("majority"), z.number().int().min(1)], {
  error: 'quorum must be "all", "majority" or a whole number of resolvers (at least 1)',
});
export type Quorum = z.infer<typeof quorumSchema>;

/** The number of resolvers that must agree; throws when a numeric quorum asks for more resolvers than exist. */
export function quorumSize(quorum: Quorum, resolverCount: number): number {
  if (quorum === "all") return resolverCount;
  if (quorum === "majority") return Math.floor(resolverCount / 2) + 1;
  if (quorum > resolverCount) {
    throw new Error(
      `quorum ${quorum} asks for more resolvers than the ${resolverCount} being checked; lower quorum or add resolvers`,
    );
  }
  return quorum;
}

/** "all 4 resolvers", "a majority (3 of 4 resolvers)", "2 of 4 resolvers". */
export function describeQuorum(quorum: Quorum, resolverCount: number): string {
  const needed = quorumSize(quorum, resolverCount);
  if (quorum === "all") return `all ${resolverCount} resolver${resolverCount === 1 ? "" : "s"}`;
  if (quorum === "majority") return `a majority (${needed} of ${resolverCount} resolvers)`;
  return `${needed} of ${resolverCount} resolvers`;
}
