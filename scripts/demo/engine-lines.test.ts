import { describe, expect, it } from "vitest";
import { type EngineView, engineLineFilter } from "./engine-lines";

const shown = (view: EngineView, lines: string[]) =>
  lines.map(engineLineFilter(view)).filter((l): l is string => l !== undefined);

describe("engineLineFilter", () => {
  it("keeps finished steps, readiness headlines, errors and counts; drops outputs, diagnostics and poll noise", () => {
    const out = shown("progress", [
      "Updating (local):",
      "@ updating....",
      " +  pulumi-nodejs:dynamic/mailinfra:DnsReadiness a.test-readiness creating (0s)",
      " +  pulumi:pulumi:Stack mailinfra-local creating (4s) [mailinfra readiness] a.test: waiting for 6 DNS records",
      " +  pulumi:pulumi:Stack mailinfra-local creating (4s) [mailinfra readiness] a.test: 0/6 records ready on the quorum · r1 0/6",
      " +  pulumi:pulumi:Stack mailinfra-local creating (4s) [mailinfra readiness] a.test: still waiting for 6 records:",
      " +  pulumi:pulumi:Stack mailinfra-local creating (4s) [mailinfra readiness]   MX a.test 1 smtp.google.com",
      " +  pulumi-nodejs:dynamic/mailinfra:DnsReadiness a.test-readiness created (3s)",
      " +  pulumi-nodejs:dynamic/mailinfra:WorkspaceUser u-user creating (1s) error: 403 forbidden",
      "Diagnostics:",
      "  pulumi:pulumi:Stack (mailinfra-local):",
      "    [mailinfra readiness] a.test: waiting for 6 DNS records",
      "Outputs:",
      "    domains: {",
      "Resources:",
      "    + 31 created",
      "Duration: 9s",
    ]);
    expect(out).toEqual([
      "Updating (local):",
      "      readiness: a.test: waiting for 6 DNS records",
      " +  mailinfra:DnsReadiness a.test-readiness created (3s)",
      " +  mailinfra:WorkspaceUser u-user creating (1s) error: 403 forbidden",
      "Resources:",
      "    + 31 created",
      "Duration: 9s",
    ]);
  });

  it("shows preview --diff as one line per changed resource plus its changed properties", () => {
    const out = shown("diff", [
      "Previewing update (local):",
      "  pulumi:pulumi:Stack: (same)",
      "    [urn=urn:pulumi:local::mailinfra::pulumi:pulumi:Stack::mailinfra-local]",
      "    ~ pulumi-nodejs:dynamic/mailinfra:SmartleadEmailAccount: (update)",
      "        [id=1005]",
      "        [urn=urn:pulumi:local::mailinfra::mailinfra:index:MailDomain$mailinfra:index:Mailbox$pulumi-nodejs:dynamic/mailinfra:SmartleadEmailAccount::jane@a.test-smartlead]",
      "        apiKey           : [secret]",
      '      ~ fromEmail        : "jane@a.test" => [unknown]',
      "    --outputs:--",
      "  ~ domains: {",
      "Resources:",
      "    ~ 1 to update",
    ]);
    expect(out).toEqual([
      "Previewing update (local):",
      "    ~ mailinfra:SmartleadEmailAccount jane@a.test-smartlead (update)",
      '      ~ fromEmail        : "jane@a.test" => [unknown]',
      "Resources:",
      "    ~ 1 to update",
    ]);
  });

  it("shows only changed resources during refresh", () => {
    const out = shown("refresh", [
      " ~  pulumi-nodejs:dynamic/mailinfra:WorkspaceUser u-user refreshing (0s)",
      "    pulumi-nodejs:dynamic/mailinfra:WorkspaceUser v-user",
      " ~  pulumi-nodejs:dynamic/mailinfra:WorkspaceUser u-user updated (0.31s)",
      "Resources:",
      "    ~ 1 updated",
    ]);
    expect(out).toEqual([
      " ~  mailinfra:WorkspaceUser u-user updated (0.31s)",
      "Resources:",
      "    ~ 1 updated",
    ]);
  });
});
