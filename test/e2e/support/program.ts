import * as pulumi from "@pulumi/pulumi";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { checkedConfig, mailinfra } from "../../../components/program";

/**
 * The real program (what index.ts runs) as an inline program, so one test process can run it for every
 * `up`, `refresh` and `preview`. With `exportPasswords`, it also exports every mailbox password as one
 * secret output, so a test knows which strings must never appear in plain text anywhere.
 */
export function mailinfraProgram(options: { exportPasswords?: boolean } = {}): PulumiFn {
  return async () => {
    const { domains, mailDomains } = mailinfra(await checkedConfig());
    if (!options.exportPasswords) return { domains };
    const passwords = mailDomains.flatMap((d) => d.mailboxes.map((m) => m.password));
    return { domains, passwords: pulumi.secret(pulumi.all(passwords)) };
  };
}
