import type { PulumiFn } from "@pulumi/pulumi/automation";
import { program } from "../../../components/program";

/**
 * The real program (what index.ts exports) as an inline program, so one test process can run it for every
 * `up`, `refresh` and `preview`. With `exportPasswords`, it also exports every mailbox password as one
 * secret list, so a test knows which strings must never appear in plain text anywhere.
 */
export function mailinfraProgram(options: { exportPasswords?: boolean } = {}): PulumiFn {
  return async () => {
    const outputs = await program();
    if (!options.exportPasswords) return outputs;
    return { ...outputs, passwords: outputs.mailboxPasswords.apply((byAddress) => Object.values(byAddress)) };
  };
}
