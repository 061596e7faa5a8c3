import { describe, expect, it } from "vitest";
import { serviceAccountKeyIssues } from "./service-account-key";

describe("serviceAccountKeyIssues", () => {
  it.each([
    {
      name: "a service-account key",
      text: JSON.stringify({
        type: "service_account",
        client_email: "a@b.iam.gserviceaccount.com",
        private_key: "k",
      }),
      messages: [],
    },
    {
      name: "not JSON",
      text: "-----BEGIN PRIVATE KEY-----",
      messages: ["is not JSON; expected the service account's JSON key file"],
    },
    {
      name: "a JSON string",
      text: '"abc"',
      messages: ["is not a JSON object; expected the service account's JSON key file"],
    },
    {
      name: "user OAuth credentials",
      text: JSON.stringify({ type: "authorized_user", client_id: "x" }),
      messages: [
        'is not a service-account key (type is "authorized_user"; it has no client_email or private_key)',
      ],
    },
    {
      name: "key without private_key",
      text: JSON.stringify({ type: "service_account", client_email: "a@b.c" }),
      messages: ["is not a service-account key (it has no private_key)"],
    },
  ])("$name", ({ text, messages }) => {
    const issues = serviceAccountKeyIssues(text);
    expect(issues.map((i) => i.message)).toEqual(messages);
    for (const issue of issues) {
      expect(issue.path).toBe("mailinfra:google.serviceAccountKey");
      expect(issue.fix).toContain(
        "pulumi config set --secret --path 'mailinfra:google.serviceAccountKey' < service-account.json",
      );
    }
  });
});
