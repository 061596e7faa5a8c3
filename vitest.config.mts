import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", ".pulumi-state/**", ".tmp/**"],
    // Engine tests drive the real CLI; building it the first time takes minutes, so it happens once, here.
    globalSetup: ["test/engine/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 1_800_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
