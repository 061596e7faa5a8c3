import * as os from "node:os";

/**
 * How the Pulumi engine runs mailinfra. `shipped` is what `npm run pulumi` gives a user today (the engine's
 * defaults, plus whatever PULUMI_* the caller's environment sets). The others change only engine settings a
 * user can set with environment variables, to show what limits mailinfra at scale:
 *  - PULUMI_PARALLEL: resource operations at once. The engine's default is 4 × CPUs (8 on a 2-core runner),
 *    and every readiness gate holds one slot for the whole propagation wait.
 *  - PULUMI_SKIP_CHECKPOINTS: the file backend (also S3/GCS/Azure blob) rewrites the whole state after every
 *    step, so a deployment costs O(resources²); skipping the intermediate checkpoints saves only the final
 *    state — a crash mid-run then forgets what was created (mailinfra's providers adopt existing domains,
 *    Smartlead accounts and, with `adopt: true`, users on the next run).
 */
export interface EngineVariant {
  key: "shipped" | "parallel" | "tuned";
  /** As shown in the report. */
  name: string;
  description: string;
  env: Record<string, string>;
}

export const engineVariants: EngineVariant[] = [
  {
    key: "shipped",
    name: "mailinfra",
    description:
      "engine defaults (as npm run pulumi): --parallel 4 × CPUs, a state checkpoint after every step",
    env: {},
  },
  {
    key: "parallel",
    name: "mailinfra -p512",
    description: "PULUMI_PARALLEL=512, checkpoints as shipped",
    env: { PULUMI_PARALLEL: "512" },
  },
  {
    key: "tuned",
    name: "mailinfra -p512 no-checkpoints",
    description: "PULUMI_PARALLEL=512 and PULUMI_SKIP_CHECKPOINTS=true",
    env: { PULUMI_PARALLEL: "512", PULUMI_SKIP_CHECKPOINTS: "true" },
  },
];

/** The --parallel the engine uses with `env` on top of this process's environment (cmd/pulumi/operations/up.go). */
export function engineParallel(env: Record<string, string>): number {
  const configured = Number(env.PULUMI_PARALLEL ?? process.env.PULUMI_PARALLEL);
  return configured > 0 ? configured : 4 * os.availableParallelism();
}
