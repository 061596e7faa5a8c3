import { createHash } from "node:crypto";
import type { Reply } from "../http/reply";
import { isObject } from "../http/request-body";
import type { ApiCall } from "./api-call";
import { googleErrors } from "./google-error";
import {
  domainOf,
  type EmulatedUser,
  type ExternalId,
  type GoogleWorkspaceState,
  hashPassword,
} from "./state";
import { creationIncomplete } from "./user-creation";

/**
 * Directory API v1 `users` (https://developers.google.com/workspace/admin/directory/reference/rest/v1/users).
 * Resource fields follow the "REST Resource: users" JSON representation; list parameters follow
 * `Params$Resource$Users$List` in googleapis' directory_v1.d.ts (customer | domain, maxResults 1–500,
 * pageToken, query, showDeleted, orderBy, sortOrder). Passwords are write-only: never returned.
 */

export function userResource(user: EmulatedUser, state: GoogleWorkspaceState): Record<string, unknown> {
  const etag = createHash("sha1").update(`${user.id}:${user.etagVersion}`).digest("base64url");
  return {
    kind: "admin#directory#user",
    id: user.id,
    etag: `"${etag}"`,
    primaryEmail: user.primaryEmail,
    name: {
      givenName: user.givenName,
      familyName: user.familyName,
      fullName: `${user.givenName} ${user.familyName}`,
    },
    isAdmin: user.isAdmin,
    isDelegatedAdmin: false,
    lastLoginTime: "1970-01-01T00:00:00.000Z",
    creationTime: user.creationTime,
    agreedToTerms: false,
    suspended: user.suspended,
    ...(user.suspended ? { suspensionReason: user.suspensionReason ?? "ADMIN" } : {}),
    archived: false,
    changePasswordAtNextLogin: user.changePasswordAtNextLogin,
    ipWhitelisted: false,
    emails: [{ address: user.primaryEmail, primary: true }, ...user.aliases.map((address) => ({ address }))],
    ...(user.aliases.length ? { aliases: [...user.aliases] } : {}),
    ...(user.externalIds.length ? { externalIds: user.externalIds.map((e) => ({ ...e })) } : {}),
    customerId: user.customerId,
    orgUnitPath: user.orgUnitPath,
    isMailboxSetup: state.isMailboxSetup(user),
    isEnrolledIn2Sv: false,
    isEnforcedIn2Sv: false,
    includeInGlobalAddressList: true,
    ...(user.deletionTime ? { deletionTime: user.deletionTime } : {}),
  };
}

// Google's rule for usernames (Admin Help "Username requirements"): letters, numbers, dashes,
// underscores, apostrophes and periods; no leading/trailing period, no two periods in a row.
const usernamePattern = /^[a-z0-9_'-](?:[a-z0-9_.'-]{0,62}[a-z0-9_'-])?$/i;

function emailIsValid(email: string): boolean {
  const [local, domain, ...rest] = email.split("@");
  if (rest.length || !local || !domain) return false;
  return usernamePattern.test(local) && !local.includes("..") && /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(domain);
}

function readName(body: Record<string, unknown>): { givenName?: string; familyName?: string } {
  const name = isObject(body.name) ? body.name : {};
  return {
    givenName: typeof name.givenName === "string" ? name.givenName : undefined,
    familyName: typeof name.familyName === "string" ? name.familyName : undefined,
  };
}

const EXTERNAL_ID_TYPES = ["account", "custom", "customer", "login_id", "network", "organization"];

/** `externalIds[]` as written: `value` and a known `type`; `custom` needs `customType`. Absent → undefined. */
function readExternalIds(body: Record<string, unknown>): ExternalId[] | Reply | undefined {
  if (body.externalIds === undefined) return undefined;
  const invalid = googleErrors.invalid("Invalid Input: externalIds");
  if (!Array.isArray(body.externalIds)) return invalid;
  const ids: ExternalId[] = [];
  for (const entry of body.externalIds) {
    if (!isObject(entry) || typeof entry.value !== "string") return invalid;
    const type = typeof entry.type === "string" ? entry.type : "custom";
    if (!EXTERNAL_ID_TYPES.includes(type)) return invalid;
    if (type === "custom" && typeof entry.customType !== "string") return invalid;
    ids.push({
      type,
      value: entry.value,
      ...(type === "custom" ? { customType: entry.customType as string } : {}),
    });
  }
  return ids;
}

function isReplyValue(value: unknown): value is Reply {
  return isObject(value) && "status" in value;
}

function nameError(field: "GivenName" | "FamilyName", value: string | undefined): Reply | undefined {
  if (value === undefined) return undefined;
  if (value.trim().length === 0 || value.length > 60)
    return googleErrors.invalid(`Invalid Given/Family Name: ${field}`);
  return undefined;
}

function passwordError(body: Record<string, unknown>): Reply | undefined {
  if (body.password === undefined) return undefined;
  if (typeof body.password !== "string") return googleErrors.invalid("Invalid Password");
  const hashFunction = body.hashFunction;
  if (hashFunction !== undefined && !["SHA-1", "MD5", "crypt"].includes(String(hashFunction))) {
    return googleErrors.invalid("Invalid Input: hashFunction");
  }
  // Google's password rule: 8–100 characters (checked on clear text only; hashes are opaque).
  if (hashFunction === undefined && (body.password.length < 8 || body.password.length > 100)) {
    return googleErrors.invalid("Invalid Password");
  }
  return undefined;
}

/** The primary address must sit in a verified domain of the caller's customer. */
function addressDomainError(call: ApiCall, email: string): Reply | undefined {
  const domain = call.state.getDomain(domainOf(email));
  if (!domain || domain.customerId !== call.callerCustomerId) return googleErrors.forbidden();
  // Emulator assumption (Google's reference does not document this case): users cannot be added to a
  // secondary domain that has not been verified yet.
  if (!domain.verified)
    return googleErrors.invalid(`Invalid Input: domain ${domain.domainName} is not verified`);
  return undefined;
}

function orgUnitError(call: ApiCall, orgUnitPath: unknown): Reply | undefined {
  if (orgUnitPath === undefined) return undefined;
  const customer = call.state.customers.get(call.callerCustomerId ?? "");
  if (typeof orgUnitPath !== "string" || !customer?.orgUnits.has(orgUnitPath)) {
    return googleErrors.invalid("Invalid Input: INVALID_OU_ID");
  }
  return undefined;
}

/** `mutate`: patch, update, delete — answered 412 while the user is still being created (user-creation.ts). */
function visibleUser(call: ApiCall, userKey: string, use: "read" | "mutate"): EmulatedUser | Reply {
  const user = call.state.findUser(userKey);
  if (!user) return googleErrors.userNotFound();
  if (user.customerId !== call.callerCustomerId) return googleErrors.forbidden();
  if (!call.state.creationComplete(user)) {
    return use === "mutate" ? creationIncomplete() : googleErrors.userNotFound();
  }
  return user;
}

/**
 * A live user's address or alias, or a personal Google Account's (a conflicting account). Users.insert answers
 * 409 for both: "A 409 response code means that a conflicting account exists so the user wasn't created"
 * (https://developers.google.com/workspace/admin/directory/reference/rest/v1/users/insert); the body is the
 * same "Entity already exists." / duplicate as for a taken address (the reference shows no other).
 * Unconfirmed: the reference states that 409 for `resolveConflictAccount=true`; without the parameter Google's
 * help pages describe the user being created and the personal account asked to rename. The emulator takes the
 * harder answer (refused), which mailinfra must explain without claiming which cause it is (mailbox-blockers.ts).
 */
function addressInUse(call: ApiCall, email: string, exceptUserId?: string): boolean {
  return call.state.addressTaken(email, exceptUserId) || call.state.heldByConsumerAccount(email);
}

function isReply(value: EmulatedUser | Reply): value is Reply {
  return "status" in value;
}

export function insertUser(call: ApiCall): Reply {
  const body = isObject(call.body) ? call.body : {};
  if (typeof body.primaryEmail !== "string" || body.primaryEmail.length === 0) {
    return googleErrors.required("Invalid Input: primary_user_email");
  }
  const email = body.primaryEmail.trim().toLowerCase();
  if (!emailIsValid(email)) return googleErrors.invalid("Invalid Input: primary_user_email");
  const { givenName, familyName } = readName(body);
  if (givenName === undefined) return googleErrors.required("Invalid Given/Family Name: GivenName");
  if (familyName === undefined) return googleErrors.required("Invalid Given/Family Name: FamilyName");
  const invalid =
    nameError("GivenName", givenName) ??
    nameError("FamilyName", familyName) ??
    (body.password === undefined ? googleErrors.required("Invalid Password") : passwordError(body)) ??
    addressDomainError(call, email) ??
    orgUnitError(call, body.orgUnitPath);
  if (invalid) return invalid;
  const externalIds = readExternalIds(body);
  if (isReplyValue(externalIds)) return externalIds;
  // `resolveConflictAccount=true` (invite the conflicting account, 202) is not modelled: mailinfra never sends it.
  if (addressInUse(call, email)) return googleErrors.duplicate();
  const user = call.state.addUser({
    customerId: call.callerCustomerId!,
    primaryEmail: email,
    givenName,
    familyName,
    password: body.password as string,
    hashFunction: body.hashFunction as string | undefined,
    orgUnitPath: (body.orgUnitPath as string | undefined) ?? "/",
    suspended: body.suspended === true,
    changePasswordAtNextLogin: body.changePasswordAtNextLogin === true,
    ...(externalIds ? { externalIds } : {}),
    creationDelayMs: call.state.userCreationDelayMs,
  });
  return { status: 200, body: userResource(user, call.state) };
}

export function getUser(call: ApiCall): Reply {
  const user = visibleUser(call, call.params.userKey!, "read");
  return isReply(user) ? user : { status: 200, body: userResource(user, call.state) };
}

/** `users.patch` and `users.update`: Google documents both as patch semantics for omitted fields. */
export function patchUser(call: ApiCall): Reply {
  const found = visibleUser(call, call.params.userKey!, "mutate");
  if (isReply(found)) return found;
  const user = found;
  const body = isObject(call.body) ? call.body : {};
  const { givenName, familyName } = readName(body);
  const invalid =
    nameError("GivenName", givenName) ??
    nameError("FamilyName", familyName) ??
    passwordError(body) ??
    orgUnitError(call, body.orgUnitPath);
  if (invalid) return invalid;
  const externalIds = readExternalIds(body);
  if (isReplyValue(externalIds)) return externalIds;
  // A new primaryEmail renames the user in place: same id, mail and password, the old address kept as an
  // alias (Admin Help "Change a user's email address", https://support.google.com/a/answer/9710299, and
  // "Impact of changing a user's email address", https://support.google.com/a/answer/2622985). Google
  // refuses a name that is another user's address or alias (same page). The status is not documented for
  // updates; the emulator answers as users.insert does, 409 "Entity already exists." / duplicate. users.update and
  // users.patch share patch semantics (https://developers.google.com/admin-sdk/directory/v1/reference/users/update).
  // Not confirmed: whether Google lets a user be renamed back to one of its own aliases; the emulator allows it.
  if (body.primaryEmail !== undefined) {
    if (typeof body.primaryEmail !== "string")
      return googleErrors.invalid("Invalid Input: primary_user_email");
    const email = body.primaryEmail.trim().toLowerCase();
    if (email !== user.primaryEmail) {
      if (!emailIsValid(email)) return googleErrors.invalid("Invalid Input: primary_user_email");
      const domainError = addressDomainError(call, email);
      if (domainError) return domainError;
      if (addressInUse(call, email, user.id)) return googleErrors.duplicate();
      call.state.applyRename(user, email);
    }
  }
  if (givenName !== undefined) user.givenName = givenName;
  if (familyName !== undefined) user.familyName = familyName;
  if (typeof body.orgUnitPath === "string") user.orgUnitPath = body.orgUnitPath;
  // A list field in a patch replaces the whole list, as in Google's patch semantics.
  if (externalIds) user.externalIds = externalIds;
  if (typeof body.suspended === "boolean") {
    user.suspended = body.suspended;
    user.suspensionReason = body.suspended ? "ADMIN" : undefined;
  }
  if (typeof body.changePasswordAtNextLogin === "boolean") {
    user.changePasswordAtNextLogin = body.changePasswordAtNextLogin;
  }
  if (typeof body.password === "string") {
    user.password = hashPassword(body.password, body.hashFunction as string | undefined);
  }
  user.etagVersion += 1;
  return { status: 200, body: userResource(user, call.state) };
}

export function deleteUser(call: ApiCall): Reply {
  const found = visibleUser(call, call.params.userKey!, "mutate");
  if (isReply(found)) return found;
  call.state.deleteUser(found.id);
  return { status: 204 };
}

/** The subset of Google's user search language the emulator understands (guides/search-users). */
function queryFilter(query: string | null): ((user: EmulatedUser) => boolean) | Reply {
  if (!query) return () => true;
  const tests: ((user: EmulatedUser) => boolean)[] = [];
  for (const term of query.match(/(?:[^\s']+|'[^']*')+/g) ?? []) {
    const match = /^(email|isSuspended|orgUnitPath)([:=])(.+)$/.exec(term);
    if (!match) return googleErrors.invalid("Invalid Input: query");
    const [, field, , raw] = match;
    const value = raw!.replace(/^'|'$/g, "");
    if (field === "isSuspended") tests.push((user) => String(user.suspended) === value.toLowerCase());
    else if (field === "orgUnitPath") tests.push((user) => user.orgUnitPath === value);
    else if (value.endsWith("*"))
      tests.push((user) => user.primaryEmail.startsWith(value.slice(0, -1).toLowerCase()));
    else tests.push((user) => user.primaryEmail === value.toLowerCase());
  }
  return (user) => tests.every((test) => test(user));
}

export function listUsers(call: ApiCall): Reply {
  const { query, state } = call;
  const customerParam = query.get("customer");
  const domainParam = query.get("domain")?.toLowerCase();
  if (!customerParam && !domainParam) return googleErrors.badRequest();
  if (customerParam && customerParam !== "my_customer" && customerParam !== call.callerCustomerId) {
    return googleErrors.forbidden();
  }
  if (domainParam) {
    const domain = state.getDomain(domainParam);
    if (!domain) return googleErrors.domainNotFound();
    if (domain.customerId !== call.callerCustomerId) return googleErrors.forbidden();
  }
  const maxResults = query.has("maxResults") ? Number(query.get("maxResults")) : 100;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 500) {
    return googleErrors.invalid(
      `Invalid value '${query.get("maxResults")}'. Values must be within the range: [1, 500]`,
    );
  }
  const filter = queryFilter(query.get("query"));
  if (typeof filter !== "function") return filter;
  const showDeleted = query.get("showDeleted") === "true";
  const orderBy = query.get("orderBy") ?? "email";
  const descending = query.get("sortOrder") === "DESCENDING";
  const key = (user: EmulatedUser) =>
    orderBy === "givenName" ? user.givenName : orderBy === "familyName" ? user.familyName : user.primaryEmail;
  const matching = [...state.users.values()]
    .filter((user) => user.customerId === call.callerCustomerId)
    .filter((user) => (showDeleted ? Boolean(user.deletionTime) : !user.deletionTime))
    .filter((user) => !domainParam || domainOf(user.primaryEmail) === domainParam)
    .filter(filter)
    .sort((a, b) => key(a).localeCompare(key(b)) * (descending ? -1 : 1));
  let offset = 0;
  const pageToken = query.get("pageToken");
  if (pageToken) {
    offset = Number(
      Buffer.from(pageToken, "base64url")
        .toString("utf8")
        .replace(/^offset:/, ""),
    );
    if (!Number.isInteger(offset) || offset < 0) return googleErrors.invalid("Invalid Input: pageToken");
  }
  const page = matching.slice(offset, offset + maxResults);
  const next = offset + maxResults < matching.length ? offset + maxResults : undefined;
  return {
    status: 200,
    body: {
      kind: "admin#directory#users",
      etag: `"${createHash("sha1")
        .update(page.map((u) => `${u.id}:${u.etagVersion}`).join())
        .digest("base64url")}"`,
      ...(page.length ? { users: page.map((user) => userResource(user, state)) } : {}),
      ...(next !== undefined ? { nextPageToken: Buffer.from(`offset:${next}`).toString("base64url") } : {}),
    },
  };
}
