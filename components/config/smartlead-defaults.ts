/** Smartlead settings a mailbox gets when neither it nor its domain says otherwise; owned by the Smartlead provider. */
export { SMARTLEAD_DEFAULTS } from "../../providers/smartlead/limits";
