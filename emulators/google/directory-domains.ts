import { createHash } from "node:crypto";
import type { Reply } from "../http/reply";
import { isObject } from "../http/request-body";
import type { ApiCall } from "./api-call";
import { googleErrors } from "./google-error";
import { domainOf, type EmulatedDomain } from "./state";

/**
 * Directory API v1 `domains` (https://developers.google.com/workspace/admin/directory/reference/rest/v1/domains):
 * `/admin/directory/v1/customer/{customer}/domains[/{domainName}]`. Resource fields from "REST Resource:
 * domains": kind, domainAliases[], verified (read-only), etag, creationTime (int64 Unix ms, sent as a
 * string), isPrimary, domainName. `customer` is the immutable id or the alias `my_customer`.
 */

export function domainResource(domain: EmulatedDomain): Record<string, unknown> {
  return {
    kind: "admin#directory#domain",
    etag: `"${createHash("sha1").update(`${domain.domainName}:${domain.verified}`).digest("base64url")}"`,
    domainName: domain.domainName,
    verified: domain.verified,
    isPrimary: domain.isPrimary,
    creationTime: String(domain.creationTime),
  };
}

function customerError(call: ApiCall): Reply | undefined {
  const customer = call.params.customer;
  if (customer === "my_customer" || customer === call.callerCustomerId) return undefined;
  return googleErrors.forbidden();
}

export function listDomains(call: ApiCall): Reply {
  const invalid = customerError(call);
  if (invalid) return invalid;
  const domains = [...call.state.domains.values()].filter((d) => d.customerId === call.callerCustomerId);
  return {
    status: 200,
    body: {
      kind: "admin#directory#domains",
      etag: `"${domains.length}"`,
      domains: domains.map(domainResource),
    },
  };
}

export function getDomain(call: ApiCall): Reply {
  const invalid = customerError(call);
  if (invalid) return invalid;
  const domain = call.state.getDomain(call.params.domainName!);
  if (!domain || domain.customerId !== call.callerCustomerId) return googleErrors.domainNotFound();
  return { status: 200, body: domainResource(domain) };
}

export function insertDomain(call: ApiCall): Reply {
  const invalid = customerError(call);
  if (invalid) return invalid;
  const body = isObject(call.body) ? call.body : {};
  const name = typeof body.domainName === "string" ? body.domainName.trim().toLowerCase() : "";
  if (!name) return googleErrors.required("Invalid Input: domainName");
  if (!/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(name)) {
    return googleErrors.invalid("Invalid Input: domainName");
  }
  // Taken by this or another Workspace account: Google answers 409 either way.
  if (call.state.getDomain(name)) return googleErrors.duplicate();
  const domain = call.state.addDomain(call.callerCustomerId!, name, { verified: false });
  return { status: 200, body: domainResource(domain) };
}

export function deleteDomain(call: ApiCall): Reply {
  const invalid = customerError(call);
  if (invalid) return invalid;
  const domain = call.state.getDomain(call.params.domainName!);
  if (!domain || domain.customerId !== call.callerCustomerId) return googleErrors.domainNotFound();
  // Emulator assumptions (not in Google's reference): the primary domain, or a domain that still has
  // users, cannot be removed; the Admin console refuses both.
  if (domain.isPrimary) return googleErrors.invalid("Invalid Input: the primary domain cannot be deleted");
  if (call.state.liveUsers().some((user) => domainOf(user.primaryEmail) === domain.domainName)) {
    return googleErrors.invalid("Invalid Input: domain still has users");
  }
  call.state.removeDomain(domain.domainName);
  return { status: 204 };
}
