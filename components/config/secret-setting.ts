import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

function isSecretOutput(value: unknown): value is pulumi.Output<string> {
  return pulumi.Output.isInstance(value);
}

/**
 * A credential that must come from `pulumi config set --secret`. Inside the program it is a secret
 * `pulumi.Output<string>` so it never reaches state or logs in plain text. A plain value in the stack file is
 * refused with the `config set --secret` line that fixes it. The one definition for every credential setting
 * (schema.ts, health-settings.ts).
 * @param key the setting's `--path`, e.g. `mailinfra:smartlead.apiKey`
 * @param source what follows the key on the fix's command line, e.g. `<api-key>` or `< service-account.json`
 * @param fix a whole fix sentence instead of the `config set --secret` one
 */
export function secretSchema(key: string, source: string, fix?: string) {
  const command = `pulumi config set --secret --path '${key}' ${source}`;
  return z.custom<pulumi.Output<string>>(isSecretOutput, {
    error: (issue) => {
      if (issue.input === undefined) return "is missing";
      if (typeof issue.input === "string") {
        return "is stored in plain text in the stack configuration; credentials must be encrypted Pulumi secrets";
      }
      if (typeof issue.input === "object" && issue.input !== null && "secure" in issue.input) {
        return "is still encrypted: only the Pulumi engine can decrypt it, so read the configuration with loadConfig()";
      }
      return "must be a string set as a Pulumi secret";
    },
    params: {
      fix: fix ?? `Remove any plain value from stacks/Pulumi.<stack>.yaml and run: ${command}`,
    },
  });
}
