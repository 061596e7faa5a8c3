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

  it.each([
    {
      name: "a parameter, decoded",
      table: google,
      call: ["GET", "/admin/directory/v1/users/ana%40x.test"],
      found: {
        template: "GET /admin/directory/v1/users/{userKey}",
        value: "get",
        params: { userKey: "ana@x.test" },
      },
    },
    {
      name: "the method picks the route",
      table: google,
      call: ["delete", "/admin/directory/v1/users/7"],
      found: {
        template: "DELETE /admin/directory/v1/users/{userKey}",
        value: "delete",
        params: { userKey: "7" },
      },
    },
    {
      name: "two parameters",
      table: google,
      call: ["GET", "/admin/directory/v1/customer/my_customer/domains/x.test"],
      found: {
        template: "GET /admin/directory/v1/customer/{customer}/domains/{domainName}",
        value: "domain",
        params: { customer: "my_customer", domainName: "x.test" },
      },
    },
    { name: "no trailing slash unless asked", table: google, call: ["GET", "/admin/directory/v1/users/7/"] },
    {
      name: "a parameter never spans segments",
      table: google,
      call: ["GET", "/admin/directory/v1/users/a/b"],
    },
    { name: "another method", table: google, call: ["PUT", "/admin/directory/v1/users/7"] },
    {
      name: "the base is matched and left out of the template; a trailing slash allowed",
      table: smartlead,
      call: ["GET", "/api/v1/email-accounts/"],
      found: { template: "GET /email-accounts", value: "list", params: {} },
    },
    {
      name: "numeric ids",
      table: smartlead,
      call: ["POST", "/api/v1/campaigns/42/email-accounts"],
      found: { template: "POST /campaigns/{id}/email-accounts", value: "add", params: { id: "42" } },
    },
    { name: "a non-numeric id is no route", table: smartlead, call: ["GET", "/api/v1/email-accounts/abc"] },
    { name: "a path without the base", table: smartlead, call: ["GET", "/email-accounts"] },
  ])("$name", ({ table, call, found }) => {
    expect(table.match(call[0]!, call[1]!)).toEqual(found);
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
