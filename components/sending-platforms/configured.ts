import type { MailinfraConfig } from "../config/schema";
import type { SendingPlatform } from "./sending-platform";
import { smartleadPlatform } from "./smartlead";

/**
 * The stack's sending platform, chosen from its configuration: Smartlead when `mailinfra:smartlead` is set.
 * Undefined without one: mailboxes are created in Workspace and connected nowhere.
 */
export function configuredSendingPlatform(
  config: Pick<MailinfraConfig, "smartlead">,
): SendingPlatform | undefined {
  return config.smartlead ? smartleadPlatform(config.smartlead) : undefined;
}
