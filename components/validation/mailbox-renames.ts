import { type ConfigIssue, configError } from "../config/issue";
import { usernameProblem } from "./mailbox-names";
import { perDomain } from "./rule";

/**
 * `renamedFrom` names a mailbox this one replaces in place: its resources are the old mailbox's under a new
 * name (Pulumi aliases), and the Workspace user is renamed, not re-created. That only makes sense for one
 * old mailbox of the same domain, renamed once, and no longer declared itself; anything else would make two
 * resources claim one mailbox, or rename a mailbox the stack still wants under its old name.
 */
export const mailboxRenamesRule = perDomain(({ domain, path }) => {
  const issues: ConfigIssue[] = [];
  const declared = new Map(domain.mailboxes.map((mailbox, j) => [mailbox.address, j]));
  const claimed = new Map<string, number>();
  domain.mailboxes.forEach((mailbox, j) => {
    const previous = mailbox.renamedFrom;
    if (previous === undefined) return;
    const where = path("mailboxes", j, "renamedFrom");
    const [oldUsername = "", oldDomain = "", ...extra] = previous.split("@");
    if (oldUsername === "" || oldDomain === "" || extra.length > 0) {
      issues.push(
        configError(
          where,
          "is not a username or an address of this domain",
          `Write the old username alone, e.g. renamedFrom: ben for ben@${domain.name}.`,
        ),
      );
      return;
    }
    if (oldDomain !== domain.name) {
      issues.push(
        configError(
          where,
          `${previous} is in another domain; renamedFrom renames a mailbox within ${domain.name} only`,
          `Write the old username alone (renamedFrom: ${oldUsername}) if it was ${oldUsername}@${domain.name}. ` +
            `To move a mailbox to ${domain.name} from another domain, remove renamedFrom and declare it here (adopt: true takes over an existing user).`,
        ),
      );
      return;
    }
    if (previous === mailbox.address) {
      issues.push(
        configError(
          where,
          `is the mailbox's own username (${mailbox.username}), so nothing is renamed`,
          `Remove renamedFrom, or set username to the new name and renamedFrom to the old one.`,
        ),
      );
      return;
    }
    const invalid = usernameProblem(oldUsername);
    if (invalid) {
      issues.push(
        configError(
          where,
          `${invalid.problem}, so it cannot have been a mailbox`,
          "Write the username the mailbox had before, as it was in the stack configuration.",
        ),
      );
      return;
    }
    const stillDeclared = declared.get(previous);
    if (stillDeclared !== undefined) {
      issues.push(
        configError(
          where,
          `${previous} is still declared as mailboxes[${stillDeclared}], so it cannot also be renamed to ${mailbox.address}`,
          `To rename it, remove mailboxes[${stillDeclared}]; to keep both mailboxes, remove renamedFrom (${mailbox.address} is then created as a new mailbox).`,
        ),
      );
      return;
    }
    const earlier = claimed.get(previous);
    if (earlier !== undefined) {
      issues.push(
        configError(
          where,
          `${previous} is already renamed to ${domain.mailboxes[earlier]?.address} (mailboxes[${earlier}]); one mailbox can be renamed to one new name only`,
          `Remove renamedFrom here (${mailbox.address} is then created as a new mailbox), or from mailboxes[${earlier}].`,
        ),
      );
      return;
    }
    claimed.set(previous, j);
  });
  return issues;
});
