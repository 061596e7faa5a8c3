import { expect, it } from "vitest";
import { domainsInDeployment } from "./held-domains";

it("the domains of a deployment are its MailDomain components' names; a new stack's export holds none", () => {
  const urn = (type: string, name: string) =>
    `urn:pulumi:prod::mailinfra::pulumi:pulumi:Stack$${type}::${name}`;
  const exported = {
    version: 3,
    deployment: {
      resources: [
        {
          urn: "urn:pulumi:prod::mailinfra::pulumi:pulumi:Stack::mailinfra-prod",
          type: "pulumi:pulumi:Stack",
        },
        { urn: urn("mailinfra:index:MailDomain", "a.com"), type: "mailinfra:index:MailDomain" },
        {
          urn: urn("mailinfra:index:MailDomain$mailinfra:index:Mailbox", "ana@a.com"),
          type: "mailinfra:index:Mailbox",
        },
        { urn: urn("mailinfra:index:MailDomain", "xn--bcher-kva.de"), type: "mailinfra:index:MailDomain" },
      ],
    },
  };
  expect(domainsInDeployment(exported)).toEqual(["a.com", "xn--bcher-kva.de"]);
  expect(domainsInDeployment({ version: 3, deployment: { manifest: {} } })).toEqual([]);
});
