import { type ConfigIssue, configError } from "../config/issue";
import { perDomain } from "./rule";

/** Google reserves these local parts for every domain (support.google.com/a/answer/9193374). */
const RESERVED = new Set(["abuse", "postmaster"]);
const ALLOWED = /^[a-z0-9'_.-]+$/;

/**
 * Why Google Workspace would reject `username` (already lower case), per Google's username guidelines:
 * letters, digits, dashes, underscores, apostrophes and periods; at most 64 characters; no period at the
 * start or end; never two periods in a row; not a reserved name.
 */
export function usernameProblem(username: string): { problem: string; fix: string } | undefined {
  if (username.length === 0) return { problem: "is empty", fix: "Set the part before @, e.g. john.doe." };
  if (username.length > 64) {
    return {
      problem: `is ${username.length} characters long; Google allows at most 64`,
      fix: "Shorten the username to 64 characters or fewer.",
    };
  }
  if (!ALLOWED.test(username)) {
    const bad = [...new Set([...username].filter((c) => !/[a-z0-9'_.-]/.test(c)))].join(" ");
    return {
      problem: `"${username}" contains ${JSON.stringify(bad)}; Google allows only letters a-z, digits, - _ ' and .`,
      fix: "Remove those characters (accented letters included: write e for é).",
    };
  }
  if (username.startsWith(".") || username.endsWith(".")) {
    return {
      problem: `"${username}" starts or ends with a period, which Google rejects`,
      fix: `Remove the period: "${username.replace(/^\.+|\.+$/g, "")}".`,
    };
  }
  if (username.includes("..")) {
    return {
      problem: `"${username}" has two periods in a row, which Google rejects`,
      fix: `Use single periods: "${username.replace(/\.{2,}/g, ".")}".`,
    };
  }
  if (RESERVED.has(username)) {
    return {
      problem: `"${username}" is reserved by Google Workspace for every domain`,
      fix: "Pick another username; abuse@ and postmaster@ are delivered to the administrators.",
    };
  }
  return undefined;
}

function displayNameProblem(value: string): string | undefined {
  if (value.length > 60) return `is ${value.length} characters long; Google allows at most 60`;
  if (/[<>]/.test(value)) return "contains < or >, which Google rejects in names";
  return undefined;
}

/** Usernames, names and org units Google would refuse, caught before anything is created. */
export const mailboxNamesRule = perDomain(({ domain, path }) => {
  const issues: ConfigIssue[] = [];
  domain.mailboxes.forEach((mailbox, j) => {
    const username = usernameProblem(mailbox.username);
    if (username) issues.push(configError(path("mailboxes", j, "username"), username.problem, username.fix));
    for (const field of ["firstName", "lastName"] as const) {
      const problem = displayNameProblem(mailbox[field]);
      if (problem) {
        issues.push(configError(path("mailboxes", j, field), problem, `Shorten or correct ${field}.`));
      }
    }
    const ou = mailbox.orgUnit;
    if (!ou.startsWith("/") || (ou !== "/" && ou.endsWith("/")) || ou.includes("//")) {
      issues.push(
        configError(
          path("mailboxes", j, "orgUnit"),
          `"${ou}" is not an org unit path`,
          'Write the full path from the root, starting with / and without a trailing slash: "/" or "/Sales/Outbound".',
        ),
      );
    }
  });
  return issues;
});
