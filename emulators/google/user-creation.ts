import type { Reply } from "../http/reply";
import { googleError } from "./google-error";

/**
 * A user made with `users.insert` is not usable at once. The Directory API reference for users.insert
 * (https://developers.google.com/workspace/admin/directory/reference/rest/v1/users/insert): "Mutate calls
 * immediately following user creation might sometimes fail as the user isn't fully created due to propagation
 * delay in our backends. Check the error details for the 'User creation is not complete' message [...] Retrying
 * the calls after some time can help"; Admin Help "How changes propagate to Google services"
 * (https://support.google.com/a/answer/7514107): "will take effect in a few minutes for most customers. Some
 * changes can take up to 24 hours".
 *
 * How the emulator answers during that window:
 * - mutations (users.patch, users.update, users.delete): 412 "User creation is not complete." The reference
 *   gives the message, not the status: 412 is what public clients of the live API match on (for update and
 *   delete right after a create), and `conditionNotMet` the reason they see with it; neither is in Google's
 *   reference, so both are "observed, not documented";
 * - users.get: 404 "Resource Not Found: userKey" — the reference is silent on reads; public reports say a new
 *   user "answers 404 by id" for a few seconds after its create (not confirmed by Google's pages);
 * - sign-in (consent page) and Gmail logins: the account is not there yet (not confirmed against live answers).
 * users.list still lists the new user (Google does not say; the emulator keeps listings as they were).
 */

/**
 * How long a user made through the API stays "not fully created". Small, so the end-to-end suites stay quick,
 * but never zero, so every run goes through the wait. Users added out of band (`state.addUser`) are complete.
 */
export const DEFAULT_USER_CREATION_DELAY_MS = 1_000;

export function creationIncomplete(): Reply {
  return googleError(412, "User creation is not complete.", "conditionNotMet");
}
