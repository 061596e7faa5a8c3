import { createHash, randomBytes, scryptSync, timingSafeEqual } from "node:crypto";
import type { CallFault } from "../http/emulator-server";
import { GmailMailboxes } from "./gmail-mailbox";
import { OAuthState } from "./oauth-state";
import { DEFAULT_USER_CREATION_DELAY_MS } from "./user-creation";

/**
 * Everything the Google emulator knows, open to tests: customers, domains, users, service accounts,
 * access tokens, verified web resources, a TXT table for the default DNS check, and a call log.
 * The out-of-band methods (`suspendUser`, `renameUser`, ...) stand for an admin clicking in the
 * Admin console: they change state without going through the API and without leaving a call record.
 */

/** How a password is held: only a hash, never the password. */
export interface StoredPassword {
  /** `SHA-1`, `MD5`, `crypt` as the API's `hashFunction`; `scrypt` when the client sent clear text. */
  hashFunction: "SHA-1" | "MD5" | "crypt" | "scrypt";
  hash: string;
  salt?: string;
}

/** Directory API `externalIds[]`: ids from other systems (`type` custom needs `customType`). */
export interface ExternalId {
  type: string;
  customType?: string;
  value: string;
}

export interface EmulatedUser {
  id: string;
  customerId: string;
  primaryEmail: string;
  givenName: string;
  familyName: string;
  password: StoredPassword;
  orgUnitPath: string;
  suspended: boolean;
  suspensionReason?: string;
  isAdmin: boolean;
  changePasswordAtNextLogin: boolean;
  aliases: string[];
  externalIds: ExternalId[];
  creationTime: string;
  deletionTime?: string;
  etagVersion: number;
  /** Clock time (see `GoogleWorkspaceState.now`) from which the user is fully created (user-creation.ts). */
  creationCompleteAt: number;
  /** Holds a Google Workspace licence, with Gmail (https://support.google.com/a/answer/1727173). */
  licensed: boolean;
}

export interface EmulatedDomain {
  customerId: string;
  domainName: string;
  verified: boolean;
  isPrimary: boolean;
  /** Unix milliseconds, as the API's `creationTime` (int64 sent as a string). */
  creationTime: number;
}

export interface EmulatedCustomer {
  customerId: string;
  orgUnits: Set<string>;
  /**
   * Admin console › Apps › Google Workspace › Gmail › End User Access › POP and IMAP access, per organizational
   * unit (https://support.google.com/a/answer/105694): an explicit setting; an OU without one inherits its
   * parent's, and "/" is on unless set.
   */
  imapAccess: Map<string, boolean>;
}

export interface ServiceAccount {
  clientEmail: string;
  clientId: string;
  publicKeyPem: string;
  /** Scopes an admin granted this client under "Domain-wide delegation" in the Admin console. */
  delegatedScopes: Set<string>;
}

export interface AccessToken {
  token: string;
  clientEmail: string;
  subject: string;
  scopes: Set<string>;
  expiresAt: number;
}

export interface WebResource {
  id: string;
  type: "INET_DOMAIN" | "SITE";
  identifier: string;
  owners: string[];
}

export interface CallRecord {
  /** Google's method name, e.g. `directory.users.list`, `oauth.token`. */
  endpoint: string;
  method: string;
  path: string;
  status: number;
  at: number;
  /** Set when a fault was injected instead of (or after) handling the call. */
  fault?: CallFault;
  /** On `oauth.token` calls: the OAuth client id the request named (never its secret). */
  clientId?: string;
}

function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function domainOf(email: string): string {
  return normalizeEmail(email).split("@")[1] ?? "";
}

export function hashPassword(password: string, hashFunction?: string): StoredPassword {
  switch (hashFunction) {
    case "SHA-1":
      return { hashFunction: "SHA-1", hash: password.toLowerCase() };
    case "MD5":
      return { hashFunction: "MD5", hash: password.toLowerCase() };
    case "crypt":
      return { hashFunction: "crypt", hash: password };
    default: {
      const salt = randomBytes(16).toString("hex");
      return { hashFunction: "scrypt", hash: scryptSync(password, salt, 32).toString("hex"), salt };
    }
  }
}

function passwordMatches(stored: StoredPassword, candidate: string): boolean {
  let computed: string;
  switch (stored.hashFunction) {
    case "SHA-1":
      computed = createHash("sha1").update(candidate).digest("hex");
      break;
    case "MD5":
      computed = createHash("md5").update(candidate).digest("hex");
      break;
    case "scrypt":
      computed = scryptSync(candidate, stored.salt ?? "", 32).toString("hex");
      break;
    default:
      return false;
  }
  const a = Buffer.from(computed);
  const b = Buffer.from(stored.hash);
  return a.length === b.length && timingSafeEqual(a, b);
}

export class GoogleWorkspaceState {
  readonly customers = new Map<string, EmulatedCustomer>();
  readonly domains = new Map<string, EmulatedDomain>();
  readonly users = new Map<string, EmulatedUser>();
  readonly serviceAccounts = new Map<string, ServiceAccount>();
  readonly tokens = new Map<string, AccessToken>();
  readonly webResources = new Map<string, WebResource>();
  /** TXT values per owner name, read by the default DNS check when no verifier is injected. */
  readonly txtRecords = new Map<string, Set<string>>();
  readonly calls: CallRecord[] = [];
  /** Google's user-facing OAuth server: clients, codes, grants, 2-Step Verification, app passwords. */
  readonly oauth: OAuthState = new OAuthState(this);
  /** Each user's mail, as the Gmail API serves it (gmail-mailbox.ts); `gmail.deliver` stands for mail arriving. */
  readonly gmail = new GmailMailboxes();
  /** Requests being handled right now, and the most seen at once (to check client-side concurrency caps). */
  inFlight = 0;
  peakInFlight = 0;
  private nextUserNumber = 100000000000000000000n;
  /** How long a user made by users.insert stays "not fully created" (user-creation.ts). */
  userCreationDelayMs: number = DEFAULT_USER_CREATION_DELAY_MS;
  /**
   * Licences left for automatic licensing; `undefined`: as many as needed. With automatic licensing on, "if you
   * run out of available licenses, users are added without a license" (https://support.google.com/a/answer/1727173).
   */
  licencesAvailable: number | undefined = undefined;
  /**
   * Addresses held by personal (unmanaged, "conflicting") Google Accounts outside any Workspace customer
   * (https://support.google.com/cloudidentity/answer/7044710): users.insert answers 409, users.get 404.
   */
  readonly consumerAccounts = new Set<string>();

  // ---- customers, domains -------------------------------------------------------------------

  addCustomer(customerId: string, orgUnits: string[] = []): EmulatedCustomer {
    const customer = { customerId, orgUnits: new Set(["/", ...orgUnits]), imapAccess: new Map() };
    this.customers.set(customerId, customer);
    return customer;
  }

  addOrgUnit(customerId: string, path: string): void {
    this.requireCustomer(customerId).orgUnits.add(path);
  }

  requireCustomer(customerId: string): EmulatedCustomer {
    const customer = this.customers.get(customerId);
    if (!customer) throw new Error(`emulator: no customer ${customerId}`);
    return customer;
  }

  /** Out of band: a domain added in the Admin console (or already there before the stack ran). */
  addDomain(customerId: string, domainName: string, opts: { verified?: boolean; isPrimary?: boolean } = {}) {
    const domain: EmulatedDomain = {
      customerId,
      domainName: domainName.toLowerCase(),
      verified: opts.verified ?? false,
      isPrimary: opts.isPrimary ?? false,
      creationTime: Date.now(),
    };
    this.domains.set(domain.domainName, domain);
    return domain;
  }

  /** Out of band: a domain removed in the Admin console. */
  removeDomain(domainName: string): void {
    this.domains.delete(domainName.toLowerCase());
  }

  setDomainVerified(domainName: string, verified: boolean): void {
    const domain = this.domains.get(domainName.toLowerCase());
    if (!domain) throw new Error(`emulator: no domain ${domainName}`);
    domain.verified = verified;
  }

  getDomain(domainName: string): EmulatedDomain | undefined {
    return this.domains.get(domainName.toLowerCase());
  }

  // ---- users ---------------------------------------------------------------------------------

  private newUserId(): string {
    this.nextUserNumber += BigInt(1 + Math.floor(Math.random() * 1000));
    return this.nextUserNumber.toString();
  }

  /** Creates a user; used by the API handler and, out of band, by tests (a mailbox made by hand). */
  addUser(input: {
    customerId: string;
    primaryEmail: string;
    givenName: string;
    familyName: string;
    password: string;
    hashFunction?: string;
    orgUnitPath?: string;
    isAdmin?: boolean;
    suspended?: boolean;
    changePasswordAtNextLogin?: boolean;
    externalIds?: ExternalId[];
    /** Not fully created for this long (users.insert passes `userCreationDelayMs`). @default 0 */
    creationDelayMs?: number;
  }): EmulatedUser {
    const user: EmulatedUser = {
      id: this.newUserId(),
      customerId: input.customerId,
      primaryEmail: normalizeEmail(input.primaryEmail),
      givenName: input.givenName,
      familyName: input.familyName,
      password: hashPassword(input.password, input.hashFunction),
      orgUnitPath: input.orgUnitPath ?? "/",
      suspended: input.suspended ?? false,
      isAdmin: input.isAdmin ?? false,
      changePasswordAtNextLogin: input.changePasswordAtNextLogin ?? false,
      aliases: [],
      externalIds: input.externalIds ?? [],
      creationTime: new Date().toISOString(),
      etagVersion: 1,
      creationCompleteAt: this.now() + (input.creationDelayMs ?? 0),
      licensed: this.takeLicence(),
    };
    this.users.set(user.id, user);
    return user;
  }

  /** The emulator's one clock (the OAuth server's, which tests can move). */
  now(): number {
    return this.oauth.now();
  }

  /** False while Google is still creating the user (user-creation.ts). */
  creationComplete(user: EmulatedUser): boolean {
    return this.now() >= user.creationCompleteAt;
  }

  /** Out of band: Google finishes creating the user now (tests use it instead of waiting). */
  completeUserCreation(userKey: string): void {
    this.requireUser(userKey).creationCompleteAt = this.now();
  }

  /**
   * `isMailboxSetup`: "Indicates if the user's Google mailbox is created. This property is only applicable if the
   * user has been assigned a Gmail license" (users resource,
   * https://developers.google.com/workspace/admin/directory/reference/rest/v1/users): false without a licence.
   */
  isMailboxSetup(user: EmulatedUser): boolean {
    return user.licensed && this.creationComplete(user);
  }

  /** Automatic licensing: a new user takes a licence while any is left. */
  private takeLicence(): boolean {
    if (this.licencesAvailable === undefined) return true;
    if (this.licencesAvailable <= 0) return false;
    this.licencesAvailable -= 1;
    return true;
  }

  /** Out of band: only `count` more licences (0: ran out; new users are added without one). */
  setLicencesAvailable(count: number | undefined): void {
    this.licencesAvailable = count;
  }

  /** Out of band: an admin removes the user's licence (Directory › Users › user › Licenses). */
  unlicenseUser(userKey: string): void {
    const user = this.requireUser(userKey);
    if (user.licensed && this.licencesAvailable !== undefined) this.licencesAvailable += 1;
    user.licensed = false;
    this.touch(user);
  }

  /** Out of band: an admin assigns a licence (from those left, when counted). */
  assignLicence(userKey: string): void {
    const user = this.requireUser(userKey);
    if (user.licensed) return;
    if (!this.takeLicence()) throw new Error(`emulator: no licence left for ${userKey}`);
    user.licensed = true;
    this.touch(user);
  }

  /**
   * Out of band: an admin turns IMAP access on or off for an organizational unit (and the OUs below it that do
   * not override it). Gmail then refuses IMAP logins of its users (gmail-login.ts).
   */
  setImapEnabled(orgUnitPath: string, enabled: boolean, customerId?: string): void {
    const customer = customerId
      ? this.requireCustomer(customerId)
      : [...this.customers.values()].find((c) => c.orgUnits.has(orgUnitPath));
    if (!customer?.orgUnits.has(orgUnitPath)) throw new Error(`emulator: no org unit ${orgUnitPath}`);
    customer.imapAccess.set(orgUnitPath, enabled);
  }

  /** IMAP access for the user's OU: its own setting, else the nearest parent's, else on. */
  imapEnabledFor(user: EmulatedUser): boolean {
    const settings = this.customers.get(user.customerId)?.imapAccess;
    let path = user.orgUnitPath;
    for (;;) {
      const setting = settings?.get(path);
      if (setting !== undefined) return setting;
      if (path === "/") return true;
      path = path.slice(0, path.lastIndexOf("/")) || "/";
    }
  }

  /** Out of band: someone signs up for a personal Google Account with this address (a conflicting account). */
  addConsumerAccount(email: string): void {
    this.consumerAccounts.add(normalizeEmail(email));
  }

  /** Out of band: the person renamed the conflicting account or transferred it to the organisation. */
  removeConsumerAccount(email: string): void {
    this.consumerAccounts.delete(normalizeEmail(email));
  }

  heldByConsumerAccount(email: string): boolean {
    return this.consumerAccounts.has(normalizeEmail(email));
  }

  /** Resolves a `userKey` the way the Directory API does: unique id, primary email or alias. */
  findUser(userKey: string): EmulatedUser | undefined {
    const byId = this.users.get(userKey);
    if (byId && !byId.deletionTime) return byId;
    const email = normalizeEmail(userKey);
    for (const user of this.users.values()) {
      if (user.deletionTime) continue;
      if (user.primaryEmail === email || user.aliases.includes(email)) return user;
    }
    return undefined;
  }

  /** True when the address is taken by any live user, as primary address or alias. */
  addressTaken(email: string, exceptUserId?: string): boolean {
    const wanted = normalizeEmail(email);
    for (const user of this.users.values()) {
      if (user.deletionTime || user.id === exceptUserId) continue;
      if (user.primaryEmail === wanted || user.aliases.includes(wanted)) return true;
    }
    return false;
  }

  private requireUser(userKey: string): EmulatedUser {
    const user = this.findUser(userKey);
    if (!user) throw new Error(`emulator: no user ${userKey}`);
    return user;
  }

  private touch(user: EmulatedUser): void {
    user.etagVersion += 1;
  }

  /**
   * Renames like the API does: same user and id, the old address stays as an alias, as Google keeps it
   * "to ensure continuous mail delivery" (https://support.google.com/a/answer/2622985).
   */
  applyRename(user: EmulatedUser, newEmail: string): void {
    const next = normalizeEmail(newEmail);
    if (next === user.primaryEmail) return;
    user.aliases = user.aliases.filter((alias) => alias !== next);
    if (!user.aliases.includes(user.primaryEmail)) user.aliases.push(user.primaryEmail);
    user.primaryEmail = next;
    this.touch(user);
  }

  suspendUser(userKey: string, reason = "ADMIN"): void {
    const user = this.requireUser(userKey);
    user.suspended = true;
    user.suspensionReason = reason;
    this.touch(user);
  }

  unsuspendUser(userKey: string): void {
    const user = this.requireUser(userKey);
    user.suspended = false;
    user.suspensionReason = undefined;
    this.touch(user);
  }

  /** Out of band: the password is reset in the Admin console (kills Gmail-scoped grants and app passwords). */
  setPassword(userKey: string, password: string): void {
    const user = this.requireUser(userKey);
    user.password = hashPassword(password);
    this.touch(user);
  }

  renameUser(userKey: string, newEmail: string): void {
    this.applyRename(this.requireUser(userKey), newEmail);
  }

  moveUser(userKey: string, orgUnitPath: string): void {
    const user = this.requireUser(userKey);
    this.requireCustomer(user.customerId).orgUnits.add(orgUnitPath);
    user.orgUnitPath = orgUnitPath;
    this.touch(user);
  }

  renamePerson(userKey: string, givenName: string, familyName: string): void {
    const user = this.requireUser(userKey);
    user.givenName = givenName;
    user.familyName = familyName;
    this.touch(user);
  }

  deleteUser(userKey: string): void {
    const user = this.requireUser(userKey);
    user.deletionTime = new Date().toISOString();
    this.touch(user);
  }

  /** A snapshot for assertions; never exposes the password hash. */
  getUser(userKey: string):
    | (Omit<EmulatedUser, "password" | "etagVersion"> & {
        passwordHashFunction: StoredPassword["hashFunction"];
      })
    | undefined {
    const user = this.findUser(userKey);
    if (!user) return undefined;
    const { password, etagVersion: _etag, ...rest } = user;
    return {
      ...rest,
      aliases: [...rest.aliases],
      externalIds: rest.externalIds.map((e) => ({ ...e })),
      passwordHashFunction: password.hashFunction,
    };
  }

  liveUsers(): EmulatedUser[] {
    return [...this.users.values()].filter((user) => !user.deletionTime);
  }

  /** What a mail server would check at login: does this password open this mailbox? */
  verifyPassword(email: string, password: string): boolean {
    const user = this.findUser(email);
    if (!user || user.suspended || !this.creationComplete(user)) return false;
    return passwordMatches(user.password, password);
  }

  // ---- OAuth ---------------------------------------------------------------------------------

  addServiceAccount(account: ServiceAccount): void {
    this.serviceAccounts.set(account.clientEmail, account);
  }

  /** Out of band: an admin edits the client's scopes under Domain-wide delegation. */
  setDelegatedScopes(clientEmail: string, scopes: string[]): void {
    const account = this.serviceAccounts.get(clientEmail);
    if (!account) throw new Error(`emulator: no service account ${clientEmail}`);
    account.delegatedScopes = new Set(scopes);
  }

  /** Makes every issued access token expire now, so the next API call gets a 401. */
  expireTokens(): void {
    for (const token of this.tokens.values()) token.expiresAt = 0;
  }

  // ---- DNS TXT table used by the default verifier -------------------------------------------

  publishTxt(name: string, value: string): void {
    const key = name.toLowerCase();
    const values = this.txtRecords.get(key) ?? new Set<string>();
    values.add(value);
    this.txtRecords.set(key, values);
  }

  unpublishTxt(name: string, value: string): void {
    this.txtRecords.get(name.toLowerCase())?.delete(value);
  }

  // ---- call log ------------------------------------------------------------------------------

  callCount(endpoint: string, filter: { status?: number; fault?: CallRecord["fault"] } = {}): number {
    return this.calls.filter(
      (call) =>
        call.endpoint === endpoint &&
        (filter.status === undefined || call.status === filter.status) &&
        (filter.fault === undefined || call.fault === filter.fault),
    ).length;
  }

  clearCalls(): void {
    this.calls.length = 0;
    this.peakInFlight = this.inFlight;
  }
}
