import { describe, expect, it } from "vitest";
import { runsAsInstalledPackage } from "../providers/installed-package";
import { authorizeCommand, pulumiCommand } from "./authorize-command";
import { AUTHORIZE_COMMAND } from "./config/mailbox-connection";

describe("the authorize command a person is told", () => {
  it("in this checkout is the repository's npm script, with the stack's name", () => {
    expect(authorizeCommand("dev", false)).toBe("npm run authorize -- --stack dev");
    expect(pulumiCommand("up --stack dev", false)).toBe("npm run pulumi -- up --stack dev");
  });

  it("in an installed package is its bin through npx, and the consumer's own pulumi", () => {
    expect(authorizeCommand("dev", true)).toBe("npx mailinfra-authorize --stack dev");
    expect(pulumiCommand("up --stack dev", true)).toBe("pulumi up --stack dev");
  });

  it("follows where mailinfra runs: these sources run through tsx are the checkout, not an installed package", () => {
    expect(runsAsInstalledPackage).toBe(false);
    expect(authorizeCommand("dev")).toBe("npm run authorize -- --stack dev");
    expect(pulumiCommand("preview --stack dev")).toBe("npm run pulumi -- preview --stack dev");
  });

  it("is the text configuration messages print, for a stack they do not name", () => {
    expect(AUTHORIZE_COMMAND).toBe("npm run authorize -- --stack <stack>");
    expect(AUTHORIZE_COMMAND).toBe(authorizeCommand("<stack>"));
  });
});
