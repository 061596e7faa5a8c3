/** `npm run engine`: make sure the Pulumi engine matching @pulumi/pulumi is available, and say where it is. */
import { ensureEngine } from "./engine/index";

ensureEngine().then(
  (engine) => {
    console.log(
      `pulumi v${engine.version} (${engine.source}) in ${engine.binDir}; Node.js language host: ` +
        (engine.languageHost ? "installed" : "not installed, programs run through the in-process runtime"),
    );
  },
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
