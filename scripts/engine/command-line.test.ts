import { describe, expect, it } from "vitest";
import { commandOf, stackOf } from "./command-line";

describe("reading a pulumi command line", () => {
  it.each([
    [["up", "--yes", "--stack", "prod"], "up", "prod"],
    [["preview", "--stack=prod", "--diff"], "preview", "prod"],
    // A global flag's value before the command is not the command.
    [["--color", "never", "up", "--yes", "-s", "prod"], "up", "prod"],
    [["-C", "/srv/mailinfra", "refresh", "--yes", "--stack", "prod"], "refresh", "prod"],
    [["-v=3", "--logtostderr", "destroy", "--yes", "--stack", "prod"], "destroy", "prod"],
    [["stack", "init", "prod", "--secrets-provider", "awskms://alias/mailinfra"], "stack", "prod"],
    [
      ["config", "set", "--secret", "--path", "mailinfra:smartlead.apiKey", "--stack", "prod"],
      "config",
      "prod",
    ],
    [["--version"], undefined, undefined],
  ])("%j runs %s on stack %s", (args, command, stack) => {
    expect(commandOf(args)).toBe(command);
    expect(stackOf(args)).toBe(stack);
  });
});
