import type { Reply } from "../http/reply";
import { RouteTable } from "../http/route-table";
import { type ApiCall, type DnsTxtVerifier, scopes } from "./api-call";
import { deleteDomain, getDomain, insertDomain, listDomains } from "./directory-domains";
import { deleteUser, getUser, insertUser, listUsers, patchUser } from "./directory-users";
import { getAttachment, getMessage, gmailReadScopes, listMessages } from "./gmail-messages";
import { gmailProfile, gmailProfilePath } from "./gmail-profile";
import { answerAuthorization, authorizationPath, showAuthorization } from "./oauth-authorization";
import { exchangeUserGrant, revokeToken, userGrantTypes } from "./oauth-grants";
import { issueToken } from "./oauth-token";
import {
  deleteWebResource,
  getToken,
  getWebResource,
  insertWebResource,
  listWebResources,
} from "./site-verification";
import type { GoogleWorkspaceState } from "./state";

/** A call to an endpoint that checks its own credentials (OAuth, Gmail): no bearer token is required first. */
export interface OpenCall {
  state: GoogleWorkspaceState;
  query: URLSearchParams;
  body: unknown;
  /** The Authorization header, as sent. */
  authorization: string | undefined;
}

export type GoogleRoute =
  | { endpoint: string; serve: (call: OpenCall) => Reply | Promise<Reply> }
  | {
      endpoint: string;
      /** Any one of these scopes is enough (OR), as in Google's method docs. */
      anyScope: string[];
      /** Directory methods act for a customer: the impersonated subject must be one of its admins. */
      needsAdmin: boolean;
      handler: (call: ApiCall) => Reply | Promise<Reply>;
    };

export interface GoogleRouteContext {
  /** Keys the DNS_TXT tokens Site Verification issues. */
  secret: string;
  verifier: () => DnsTxtVerifier;
  /** `${url}/token`, once the port is known: what service-account assertions must be addressed to. */
  tokenUrl: () => string;
  lifetimeSeconds: number;
}

const directory = "/admin/directory/v1";
const siteVerification = "/siteVerification/v1";

/** Every endpoint the emulator answers, by method and path, with Google's method name for the call log. */
export function googleRoutes(context: GoogleRouteContext): RouteTable<GoogleRoute> {
  const userWrite = [scopes.user];
  const userRead = [scopes.user, scopes.userReadonly];
  const domainWrite = [scopes.domain];
  const domainRead = [scopes.domain, scopes.domainReadonly];
  const svFull = [scopes.siteVerification];
  const svVerify = [scopes.siteVerification, scopes.siteVerificationVerifyOnly];
  const api = (
    endpoint: string,
    anyScope: string[],
    handler: (call: ApiCall) => Reply | Promise<Reply>,
    needsAdmin = true,
  ): GoogleRoute => ({ endpoint, anyScope, handler, needsAdmin });
  const token: GoogleRoute = {
    endpoint: "oauth.token",
    serve: ({ state, body, authorization }) => {
      const grantType = (body as { grant_type?: unknown } | undefined)?.grant_type;
      if ((userGrantTypes as readonly unknown[]).includes(grantType)) {
        return exchangeUserGrant(state, body, authorization, { lifetimeSeconds: context.lifetimeSeconds });
      }
      return issueToken(state, body, {
        ownTokenUrl: context.tokenUrl(),
        lifetimeSeconds: context.lifetimeSeconds,
      });
    },
  };
  return new RouteTable<GoogleRoute>()
    .add("POST /token", token)
    .add("POST /oauth2/v4/token", token)
    .add(`GET ${authorizationPath}`, {
      endpoint: "oauth.authorize",
      serve: ({ state, query }) => showAuthorization(state, query),
    })
    .add(`POST ${authorizationPath}`, {
      endpoint: "oauth.authorize",
      serve: ({ state, body }) => answerAuthorization(state, body),
    })
    .add("POST /revoke", {
      endpoint: "oauth.revoke",
      serve: ({ state, body, query }) => revokeToken(state, body, query),
    })
    .add(`GET ${gmailProfilePath}`, {
      endpoint: "gmail.users.getProfile",
      serve: ({ state, authorization }) => gmailProfile(state, authorization),
    })
    .add(
      "GET /gmail/v1/users/{userId}/messages",
      api("gmail.users.messages.list", [...gmailReadScopes, scopes.gmailMetadata], listMessages, false),
    )
    .add(
      "GET /gmail/v1/users/{userId}/messages/{id}",
      api("gmail.users.messages.get", [...gmailReadScopes, scopes.gmailMetadata], getMessage, false),
    )
    .add(
      "GET /gmail/v1/users/{userId}/messages/{messageId}/attachments/{id}",
      api("gmail.users.messages.attachments.get", gmailReadScopes, getAttachment, false),
    )
    .add(
      `GET ${directory}/users`,
      api("directory.users.list", [...userRead, scopes.cloudPlatform], listUsers),
    )
    .add(`POST ${directory}/users`, api("directory.users.insert", userWrite, insertUser))
    .add(`GET ${directory}/users/{userKey}`, api("directory.users.get", userRead, getUser))
    .add(`PATCH ${directory}/users/{userKey}`, api("directory.users.patch", userWrite, patchUser))
    .add(`PUT ${directory}/users/{userKey}`, api("directory.users.update", userWrite, patchUser))
    .add(`DELETE ${directory}/users/{userKey}`, api("directory.users.delete", userWrite, deleteUser))
    .add(
      `GET ${directory}/customer/{customer}/domains`,
      api("directory.domains.list", domainRead, listDomains),
    )
    .add(
      `POST ${directory}/customer/{customer}/domains`,
      api("directory.domains.insert", domainWrite, insertDomain),
    )
    .add(
      `GET ${directory}/customer/{customer}/domains/{domainName}`,
      api("directory.domains.get", domainRead, getDomain),
    )
    .add(
      `DELETE ${directory}/customer/{customer}/domains/{domainName}`,
      api("directory.domains.delete", domainWrite, deleteDomain),
    )
    .add(
      `POST ${siteVerification}/token`,
      api("siteVerification.webResource.getToken", svVerify, (c) => getToken(c, context.secret), false),
    )
    .add(
      `POST ${siteVerification}/webResource`,
      api(
        "siteVerification.webResource.insert",
        svVerify,
        (c) => insertWebResource(c, context.secret, context.verifier()),
        false,
      ),
    )
    .add(
      `GET ${siteVerification}/webResource`,
      api("siteVerification.webResource.list", svFull, listWebResources, false),
    )
    .add(
      `GET ${siteVerification}/webResource/{id}`,
      api("siteVerification.webResource.get", svFull, getWebResource, false),
    )
    .add(
      `DELETE ${siteVerification}/webResource/{id}`,
      api("siteVerification.webResource.delete", svFull, deleteWebResource, false),
    );
}
