import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, expect, it } from "vitest";
import { declaredDomains } from "./declared-domains";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailinfra-declared-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const at = path.join(dir, name);
  fs.writeFileSync(at, text);
  return at;
};

it("reads the domains as the program does: lower case, punycode, defaults merged, secrets left encrypted", () => {
  const at = file(
    "Pulumi.a.yaml",
    `config:
  mailinfra:defaults:
    dns: { host: manual, registrar: namecheap }
  mailinfra:domains:
    - name: Acme-Outreach.COM.
    - name: bücher.de
      mailboxes:
        - { username: ana, firstName: Ana, lastName: Lopez, connection: app-password, appPassword: { secure: v1:abc } }
  mailinfra:smartlead:
    apiKey: { secure: v1:def }
`,
  );
  expect(declaredDomains(at)).toEqual({ ok: true, domains: ["acme-outreach.com", "xn--bcher-kva.de"] });
});

it("a value set with pulumi config set as a JSON string is read as Pulumi hands it to the program", () => {
  const domains = JSON.stringify([{ name: "json.test", dns: { host: "manual", registrar: "godaddy" } }]);
  expect(declaredDomains(file("Pulumi.b.yaml", `config:\n  mailinfra:domains: '${domains}'\n`))).toEqual({
    ok: true,
    domains: ["json.test"],
  });
});

it("a stack file whose domains do not parse says so (its own preview reports each error); no file, no domains", () => {
  const bad = file("Pulumi.c.yaml", "config:\n  mailinfra:domains:\n    - name: https://x.test/\n");
  expect(declaredDomains(bad)).toMatchObject({ ok: false });
  expect(declaredDomains(path.join(dir, "Pulumi.none.yaml"))).toEqual({ ok: true, domains: [] });
});
