import { describe, expect, it } from "vitest";
import { RouteTable } from "./route-table";

describe("RouteTable", () => {
  const google = new RouteTable<string>()
    .add("GET /admin/directory/v1/users/{userKey}", "get")
    .add("DELETE /admin/directory/v1/users/{userKey}", "delete")
    .add("GET /admin/directory/v1/customer/{customer}/domains/{domainName}", "domain");
  const smartlead = new RouteTable<string>({ base: "/api/v1", trailingSlash: true, param: "\\d+" })
    .add("GET /email-accounts", "list")
    .add("GET /email-accounts/{id}", "get")
    .add("POST /campaigns/{id}/email-accounts", "add");

  const users = "GET /admin/directory/v1/users/{userKey}";
  const domain = "GET /admin/directory/v1/customer/{customer}/domains/{domainName}";
  it.each<[string, RouteTable<string>, string, string, [string, string, Record<string, string>]?]>([
    [
      "a parameter, decoded",
      google,
      "GET",
      "/admin/directory/v1/users/ana%40x.test",
      [users, "get", { userKey: "ana@x.test" }],
    ],
    [
      "the method picks the route",
      google,
      "delete",
      "/admin/directory/v1/users/7",
      [users.replace("GET", "DELETE"), "delete", { userKey: "7" }],
    ],
    [
      "two parameters",
      google,
      "GET",
      "/admin/directory/v1/customer/my_customer/domains/x.test",
      [domain, "domain", { customer: "my_customer", domainName: "x.test" }],
    ],
    ["no trailing slash unless asked", google, "GET", "/admin/directory/v1/users/7/"],
    ["a parameter never spans segments", google, "GET", "/admin/directory/v1/users/a/b"],
    ["another method", google, "PUT", "/admin/directory/v1/users/7"],
    [
      "the base is matched and left out of the template; a trailing slash allowed",
      smartlead,
      "GET",
      "/api/v1/email-accounts/",
      ["GET /email-accounts", "list", {}],
    ],
    [
      "numeric ids",
      smartlead,
      "POST",
      "/api/v1/campaigns/42/email-accounts",
      ["POST /campaigns/{id}/email-accounts", "add", { id: "42" }],
    ],
    ["a non-numeric id is no route", smartlead, "GET", "/api/v1/email-accounts/abc"],
    ["a path without the base", smartlead, "GET", "/email-accounts"],
  ])("%s", (_name, table, method, path, found) => {
    const expected = found && { template: found[0], value: found[1], params: found[2] };
    expect(table.match(method, path)).toEqual(expected);
  });

  it("treats the template's text literally (a dot is a dot) and lets the first route added win", () => {
    const table = new RouteTable<number>().add("GET /v1.0/{id}", 1).add("GET /v1.0/{name}", 2);
    expect(table.match("GET", "/v1x0/a")).toBeUndefined();
    expect(table.match("GET", "/v1.0/a")?.value).toBe(1);
  });

  it("refuses a template that is not METHOD /path", () => {
    expect(() => new RouteTable().add("/users", 1)).toThrow('route template "/users" is not "METHOD /path"');
  });
});
