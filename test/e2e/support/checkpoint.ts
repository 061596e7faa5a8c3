import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The file backend's checkpoint of one stack. Pulumi's DIY backend copies the checkpoint to `<stack>.json.bak`
 * and then rewrites `<stack>.json` in place, so an engine killed during that write leaves a truncated
 * checkpoint ("failed to load checkpoint: EOF"); the documented way back is the backup (pulumi/pulumi#2801).
 */
export function restoreCheckpointBackup(backendDir: string, project: string, stack: string): void {
  const file = path.join(backendDir, ".pulumi", "stacks", project, `${stack}.json`);
  for (const suffix of ["", ".attrs"]) {
    const backup = `${file}.bak${suffix}`;
    if (fs.existsSync(backup)) fs.copyFileSync(backup, `${file}${suffix}`);
  }
}
