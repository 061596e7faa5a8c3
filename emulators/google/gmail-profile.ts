import type { Reply } from "../http/reply";
import { googleErrors } from "./google-error";
import type { GoogleWorkspaceState } from "./state";

/** Where the Gmail API answers who a token belongs to. */
export const gmailProfilePath = "/gmail/v1/users/me/profile";

/**
 * Gmail API users.getProfile for `userId` "me" (https://developers.google.com/workspace/gmail/api/reference/rest/v1/users/getProfile):
 * `{emailAddress, messagesTotal, threadsTotal, historyId}` for a live access token with one of the Gmail
 * scopes (https://mail.google.com/ among them); Google's 401 envelope for anything else. The emulator keeps no
 * mail, so the counts are 0.
 */
export function gmailProfile(state: GoogleWorkspaceState, authorization: string | undefined): Reply {
  const bearer = /^Bearer (.+)$/i.exec(authorization ?? "")?.[1];
  const info = bearer ? state.oauth.accessTokenInfo(bearer) : undefined;
  if (!info) return googleErrors.unauthenticated();
  const gmailScopes = [
    "https://mail.google.com/",
    "https://www.googleapis.com/auth/gmail.modify",
    "https://www.googleapis.com/auth/gmail.compose",
    "https://www.googleapis.com/auth/gmail.readonly",
    "https://www.googleapis.com/auth/gmail.metadata",
  ];
  if (!info.scopes.some((scope) => gmailScopes.includes(scope)))
    return googleErrors.insufficientScopes(gmailScopes);
  return {
    status: 200,
    body: { emailAddress: info.email, messagesTotal: 0, threadsTotal: 0, historyId: "1" },
  };
}
