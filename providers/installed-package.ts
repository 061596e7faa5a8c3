/**
 * Whether this mailinfra runs as an installed package (compiled JavaScript under a consumer's `node_modules`,
 * `npm run build`) rather than as its own checkout run from its `.ts` sources through tsx. Every module of one
 * mailinfra is either compiled or not, so this module's own file name tells. The one rule for that question:
 * where a dynamic provider loads its modules from (providers/shim.ts) and which command a person is told to run
 * (components/authorize-command.ts) both ask it here.
 */
export const runsAsInstalledPackage: boolean = !__filename.endsWith(".ts");
