import * as fs from "node:fs";
import * as path from "node:path";
import { alive, lockHolder } from "../process-liveness";

/**
 * The committed `stacks/Pulumi.local.yaml` for the length of a demo. Pulumi keeps stack config in that file, so
 * the run writes the local world's endpoints and (encrypted) credentials into it; the original bytes are kept
 * aside and put back at the end. The copy sits in a guard directory with the run's pid, so the next run undoes
 * a run that was killed, and a second run at the same time is refused instead of overwriting the first's config.
 */
export interface StackFileGuard {
  /** The committed bytes. */
  original: Buffer;
  /** True when a killed earlier run had left the file changed and it was put back first. */
  recovered: boolean;
  /** Writes the committed bytes back and releases the guard. Safe to call more than once. */
  restore(): void;
}

export function guardStackFile(file: string, guardDir: string): StackFileGuard {
  const pidFile = path.join(guardDir, "pid");
  const copy = path.join(guardDir, path.basename(file));
  let recovered = false;
  if (fs.existsSync(guardDir)) {
    const holder = lockHolder(pidFile);
    if (holder && holder !== process.pid && alive(holder)) {
      throw new Error(
        `another demo (pid ${holder}) is using ${file}; wait for it to finish, or stop it and run the demo again`,
      );
    }
    if (fs.existsSync(copy)) {
      fs.copyFileSync(copy, file);
      recovered = true;
    }
    fs.rmSync(guardDir, { recursive: true, force: true });
  }
  fs.mkdirSync(guardDir, { recursive: true });
  const original = fs.readFileSync(file);
  fs.writeFileSync(copy, original);
  fs.writeFileSync(pidFile, String(process.pid));

  let restored = false;
  return {
    original,
    recovered,
    restore() {
      if (restored) return;
      fs.writeFileSync(file, original);
      fs.rmSync(guardDir, { recursive: true, force: true });
      restored = true;
    },
  };
}
