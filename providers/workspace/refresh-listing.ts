import { type DirectoryDomain, listDomains } from "./directory-domains";
import type { DirectoryUser } from "./directory-users";
import { listDomainUsers } from "./directory-users";
import type { WorkspaceClient } from "./workspace-client";

/**
 * Shared listings that serve `read` during `pulumi refresh`.
 *
 * The engine calls `read` once per resource, all in the same provider process. Instead of one GET per
 * mailbox, the first read of a domain lists its users (500 a page) and every concurrent or following
 * read of that domain is answered from the same listing for a short while; concurrent reads share the
 * in-flight request. Listings are keyed by (rootUrl, customer, domain) and dropped as soon as this
 * process changes anything in that domain, so a read never sees our own stale write.
 */

const listingTtlMs = 20_000;

interface Entry<T> {
  expiresAt: number;
  value: Promise<T>;
}

const entries = new Map<string, Entry<unknown>>();

function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const hit = entries.get(key) as Entry<T> | undefined;
  if (hit && hit.expiresAt > now) return hit.value;
  const value = load();
  entries.set(key, { expiresAt: now + listingTtlMs, value });
  // A failed listing must not be served to later reads.
  value.catch(() => {
    if (entries.get(key)?.value === value) entries.delete(key);
  });
  return value;
}

function usersKey(client: WorkspaceClient, domain: string): string {
  return `users|${client.endpoint}|${client.customerId}|${domain.toLowerCase()}`;
}

function domainsKey(client: WorkspaceClient): string {
  return `domains|${client.endpoint}|${client.customerId}`;
}

/** Users of `domain`, by immutable user id. */
export function domainUsersById(
  client: WorkspaceClient,
  domain: string,
): Promise<Map<string, DirectoryUser>> {
  return cached(usersKey(client, domain), async () => {
    const users = await listDomainUsers(client, domain);
    return new Map(users.map((user) => [user.id!, user]));
  });
}

/** Domains of the customer, by lower-case name (domains.list has no paging: one call). */
export function customerDomainsByName(
  client: WorkspaceClient,
  list: () => Promise<DirectoryDomain[]>,
): Promise<Map<string, DirectoryDomain>> {
  return cached(domainsKey(client), async () => {
    const domains = await list();
    return new Map(domains.map((domain) => [domain.domainName!.toLowerCase(), domain]));
  });
}

export function forgetDomainUsers(client: WorkspaceClient, ...domains: string[]): void {
  for (const domain of domains) entries.delete(usersKey(client, domain));
}

export function forgetCustomerDomains(client: WorkspaceClient): void {
  entries.delete(domainsKey(client));
}

/** Drops every listing (tests that simulate a fresh provider process). */
export function forgetAllListings(): void {
  entries.clear();
}

/** One domain of the customer as it is now, served from the shared listing; undefined when it is gone. */
export async function liveCustomerDomain(
  client: WorkspaceClient,
  name: string,
): Promise<DirectoryDomain | undefined> {
  return (await customerDomainsByName(client, () => listDomains(client))).get(name.toLowerCase());
}
