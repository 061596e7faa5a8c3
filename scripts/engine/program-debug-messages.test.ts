import { describe, expect, it } from "vitest";
import { showsDebugMessages, withoutUnshownDebugMessages } from "./program-debug-messages";

/** A stand-in for @pulumi/pulumi's log module: records what would be sent to the engine. */
function sdkLog() {
  const sent: string[] = [];
  return {
    sent,
    debug(message: string) {
      sent.push(message);
      return Promise.resolve();
    },
  };
}

describe("the SDK's debug messages", () => {
  it.each([
    [["preview", "--stack", "prod"], false],
    [["up", "--yes", "--skip-preview", "--stack", "prod"], false],
    [["preview", "--debug", "--stack", "prod"], true],
    [["up", "--debug=true", "--yes"], true],
    [["up", "--debug=false", "--yes"], false],
    [["-v=3", "--logtostderr", "refresh", "--yes"], true],
    [["--verbose", "9", "preview"], true],
    [["-v9", "preview"], true],
    [["preview", "--logflow"], true],
    [["preview", "--", "--debug"], false],
    [["up", "-d", "--yes"], true],
    [["up", "-yd"], true],
    [["up", "-fyv3"], true],
    [["up", "-yv=3"], true],
    [["up", "-y", "-s", "dev"], false],
    [["up", "-sdev", "--yes"], false],
    [["up", "-ys", "dev"], false],
  ])("%j shows them: %s", (args, shown) => {
    expect(showsDebugMessages(args, {})).toBe(shown);
  });

  it.each(["PULUMI_OPTION_DEBUG", "PULUMI_OPTION_VERBOSE", "PULUMI_OPTION_LOGFLOW"])(
    "are shown when %s sets the flag, as the CLI reads every flag from PULUMI_OPTION_*",
    (name) => {
      expect(showsDebugMessages(["preview"], { [name]: name.endsWith("VERBOSE") ? "9" : "true" })).toBe(true);
    },
  );

  it("are not sent on an ordinary command, and are sent again on one that shows them", async () => {
    const log = sdkLog();
    withoutUnshownDebugMessages(log, ["preview", "--stack", "prod"], {});
    await expect(log.debug("Registering resource: t=mailinfra:index:MailDomain")).resolves.toBeUndefined();
    withoutUnshownDebugMessages(log, ["preview", "--stack", "prod"], {});
    await log.debug("still dropped");
    expect(log.sent).toEqual([]);
    withoutUnshownDebugMessages(log, ["preview", "--debug", "--stack", "prod"], {});
    await log.debug("Registering resource: t=mailinfra:index:Mailbox");
    expect(log.sent).toEqual(["Registering resource: t=mailinfra:index:Mailbox"]);
  });

  it("the SDK's resource code calls the very log module it exports (so replacing `debug` reaches it)", () => {
    const log = require("@pulumi/pulumi/log");
    expect(require("@pulumi/pulumi").log).toBe(log);
    // runtime/resource.js: `const log = __importStar(require("../log"))`, and __importStar returns an ES module as is.
    expect(log.__esModule).toBe(true);
    expect(typeof log.debug).toBe("function");
  });
});
