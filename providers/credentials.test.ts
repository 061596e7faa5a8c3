import * as pulumi from "@pulumi/pulumi";
import { afterEach, describe, expect, it } from "vitest";
import {
  credential,
  credentialConfigIssues,
  credentialInConfig,
  receiveStackConfig,
  stackCredentials,
} from "./credentials";
import { host } from "./provider-process";

/** The stack configuration as the engine hands it to a dynamic provider: every key by its full name, as text. */
function config(values: Record<string, unknown>) {
  return {
    get: (key: string) => (key in values ? JSON.stringify(values[key]) : undefined),
    require: (key: string) => JSON.stringify(values[key]),
  };
}

const google = {
  adminEmail: "admin@example.com",
  serviceAccountKey: '{"type":"service_account"}',
  oauthClient: { clientId: "1-x.apps.googleusercontent.com", clientSecret: "GOCSPX-s" },
};

afterEach(() => stackCredentials.reset());

describe("stack credentials", () => {
  it("are taken from the configuration the engine hands to configure, each at its path", () => {
    receiveStackConfig(config({ "mailinfra:google": google, "mailinfra:smartlead": { apiKey: "sl-key" } }));
    expect(stackCredentials.current()).toEqual({
      serviceAccountKey: '{"type":"service_account"}',
      smartleadApiKey: "sl-key",
      oauthClientSecret: "GOCSPX-s",
    });
    // A key pasted into the YAML as an object counts as its JSON.
    expect(
      credentialInConfig(
        config({ "mailinfra:google": { serviceAccountKey: { type: "service_account" } } }),
        "serviceAccountKey",
      ),
    ).toBe('{"type":"service_account"}');
  });

  it("a stored loader's configure hands them over and installs the operations", () => {
    const stored = {};
    // No engine watchdog in a test process (it exits the process when its grandparent changes).
    (globalThis as { mailinfraWatchdog?: unknown }).mailinfraWatchdog = true;
    host(stored, "test/engine/fixtures/note.provider", {
      config: config({ "mailinfra:smartlead": { apiKey: "sl-key" } }),
    } as never);
    expect(stackCredentials.current().smartleadApiKey).toBe("sl-key");
    expect(Object.keys(stored).sort()).toEqual(["check", "create", "delete", "diff", "read", "update"]);
  });

  it("the stack's come first; a resource's own stored one serves when the process holds none; else the fix", () => {
    const stored = {
      serviceAccountKey: "stored-key",
      apiKey: "stored-api",
      connection: { clientSecret: "stored-s" },
    };
    expect(credential("serviceAccountKey", stored)).toBe("stored-key");
    expect(credential("smartleadApiKey", stored)).toBe("stored-api");
    expect(credential("oauthClientSecret", stored)).toBe("stored-s");
    receiveStackConfig(config({ "mailinfra:google": google }));
    expect(credential("serviceAccountKey", stored)).toBe('{"type":"service_account"}');
    expect(() => credential("smartleadApiKey", {})).toThrow(
      "mailinfra:smartlead.apiKey is not set in the stack configuration: mailinfra's resources read the Smartlead API key from there, once per stack. Run: pulumi config set --secret --path 'mailinfra:smartlead.apiKey' <api-key>",
    );
  });

  it("a program's check names each credential missing from its stack configuration, with the command", () => {
    const issues = credentialConfigIssues(
      ["serviceAccountKey", "smartleadApiKey", "oauthClientSecret"],
      config({ "mailinfra:google": { adminEmail: "admin@example.com" } }),
    );
    expect(issues.map((i) => [i.path, i.fix])).toEqual([
      [
        "mailinfra:google.serviceAccountKey",
        "Run: pulumi config set --secret --path 'mailinfra:google.serviceAccountKey' < service-account.json",
      ],
      [
        "mailinfra:smartlead.apiKey",
        "Run: pulumi config set --secret --path 'mailinfra:smartlead.apiKey' <api-key>",
      ],
      [
        "mailinfra:google.oauthClient.clientSecret",
        "Run: pulumi config set --secret --path 'mailinfra:google.oauthClient.clientSecret' (it asks for the secret)",
      ],
    ]);
    expect(issues.every((i) => i.severity === "error")).toBe(true);
  });

  it("a program's check reads the program's own configuration, and sees it change between runs", () => {
    // The default reader: the configuration the SDK holds for the program (what the engine sends each run).
    pulumi.runtime.setAllConfig({ "mailinfra:smartlead": JSON.stringify({ apiKey: "sl-key" }) });
    expect(credentialConfigIssues(["smartleadApiKey"])).toEqual([]);
    expect(credentialConfigIssues(["serviceAccountKey"]).map((i) => i.path)).toEqual([
      "mailinfra:google.serviceAccountKey",
    ]);
    // A later run of the same process (up runs the program twice; the Automation API many times) with the key gone
    // and the Google key set: the answer follows the configuration, not the first run's.
    pulumi.runtime.setAllConfig({ "mailinfra:google": JSON.stringify(google) });
    expect(credentialConfigIssues(["smartleadApiKey"]).map((i) => i.path)).toEqual([
      "mailinfra:smartlead.apiKey",
    ]);
    expect(credentialConfigIssues(["serviceAccountKey", "oauthClientSecret"])).toEqual([]);
    pulumi.runtime.setAllConfig({});
  });
});
