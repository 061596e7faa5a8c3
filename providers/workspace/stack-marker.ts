import type { admin_directory_v1 } from "googleapis/build/src/apis/admin";
import type { DirectoryUser } from "./directory-users";

/**
 * Which stack created a mailbox, recorded on the Workspace user itself as a Directory API external id
 * (`externalIds[]`, type `custom`, customType `mailinfra-stack`, value `<organization>/<project>/<stack>`).
 *
 * Why: when `pulumi up` dies between Google creating the user and the engine saving the result (SIGKILL,
 * a lost laptop connection, a cancelled CI job), the state does not know the user, and the next `up`
 * creates it again and gets 409. Without a mark, that user is indistinguishable from a mailbox someone
 * made by hand, which mailinfra must not take over silently. With it, the create recognises its own.
 */

export type ExternalId = admin_directory_v1.Schema$UserExternalId;

export const STACK_MARKER_TYPE = "mailinfra-stack";

export function stackMarker(managedBy: string): ExternalId {
  return { type: "custom", customType: STACK_MARKER_TYPE, value: managedBy };
}

/** True when `user` carries the mark of the stack `managedBy`. */
export function isMarkedBy(user: DirectoryUser, managedBy: string | undefined): boolean {
  if (!managedBy) return false;
  // googleapis types `externalIds` as `any`: the API documents a list of UserExternalId.
  const ids: unknown = user.externalIds;
  if (!Array.isArray(ids)) return false;
  return ids.some(
    (id: ExternalId | null) =>
      id?.type === "custom" && id.customType === STACK_MARKER_TYPE && id.value === managedBy,
  );
}
