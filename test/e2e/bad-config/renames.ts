import { type BadConfig, domain, mailbox, withDomains } from "./support";

/** Bad config: mailbox renames (`renamedFrom`) that would make two resources claim one mailbox, or rename nothing. */
export const renameCases: BadConfig[] = [
  {
    name: "set renamedFrom to the mailbox's own username",
    config: () =>
      withDomains([domain({ mailboxes: [mailbox("ana"), mailbox("ben", { renamedFrom: "Ben" })] })]),
    errors: [{ path: "mailinfra:domains[0].mailboxes[1].renamedFrom", fix: /Remove renamedFrom/ }],
  },
  {
    name: "renamed a mailbox that is still declared under its old name",
    config: () =>
      withDomains([
        domain({ mailboxes: [mailbox("ana"), mailbox("ben"), mailbox("benjamin", { renamedFrom: "ben" })] }),
      ]),
    errors: [{ path: "mailinfra:domains[0].mailboxes[2].renamedFrom", fix: /remove mailboxes\[1\]/ }],
    up: true,
  },
  {
    name: "renamed one mailbox to two new names",
    config: () =>
      withDomains([
        domain({
          mailboxes: [
            mailbox("ana"),
            mailbox("benjamin", { renamedFrom: "ben" }),
            mailbox("benji", { renamedFrom: "ben" }),
          ],
        }),
      ]),
    errors: [{ path: "mailinfra:domains[0].mailboxes[2].renamedFrom", fix: /or from mailboxes\[1\]/ }],
  },
  {
    name: "gave renamedFrom an address in another domain",
    config: () =>
      withDomains([
        domain({ mailboxes: [mailbox("ana"), mailbox("benjamin", { renamedFrom: "ben@send-b.test" })] }),
      ]),
    errors: [{ path: "mailinfra:domains[0].mailboxes[1].renamedFrom", fix: /renamedFrom: ben\b/ }],
  },
];
