/**
 * An emulated API's routes, each written as its reference writes it: `"GET /users/{userKey}"`. A route matches
 * one method and a path whose `{param}` segments each match `param`; the values come back decoded.
 */
export interface RouteTableOptions {
  /**
   * The path every route of the API starts with, left out of the templates (and so of the call log).
   * @default ""
   * @example "/api/v1" // Smartlead: `https://server.smartlead.ai/api/v1`
   */
  base?: string;
  /**
   * Whether a path may end in one extra `/` (`/email-accounts/` for `/email-accounts`), as Express routes do.
   * @default false
   */
  trailingSlash?: boolean;
  /**
   * What a `{param}` segment accepts, as a regular expression source.
   * @default "[^/]+"
   * @example "\\d+" // Smartlead's numeric ids: `/email-accounts/abc` is an unknown route, not a route with a bad id
   */
  param?: string;
}

export interface RouteMatch<T> {
  /** The route as it was added, e.g. `GET /campaigns/{id}/email-accounts`. */
  template: string;
  value: T;
  params: Record<string, string>;
}

interface Route<T> {
  method: string;
  pattern: RegExp;
  template: string;
  value: T;
}

const literalPattern = (literal: string) => literal.replace(/[.*+?^$()|[\]\\]/g, "\\$&");

export class RouteTable<T> {
  private readonly routes: Route<T>[] = [];

  constructor(private readonly options: RouteTableOptions = {}) {}

  /** Adds `template` (`"METHOD /path/{param}"`); the first route added wins when two match. */
  add(template: string, value: T): this {
    const [method, path] = template.split(" ");
    if (!method || !path?.startsWith("/"))
      throw new Error(`route template "${template}" is not "METHOD /path"`);
    const param = this.options.param ?? "[^/]+";
    const source = path
      .split(/(\{\w+\})/)
      .map((part) => (/^\{\w+\}$/.test(part) ? `(?<${part.slice(1, -1)}>${param})` : literalPattern(part)))
      .join("");
    const slash = this.options.trailingSlash ? "/?" : "";
    const pattern = new RegExp(`^${literalPattern(this.options.base ?? "")}${source}${slash}$`);
    this.routes.push({ method: method.toUpperCase(), pattern, template, value });
    return this;
  }

  match(method: string, path: string): RouteMatch<T> | undefined {
    for (const route of this.routes) {
      const found = route.method === method.toUpperCase() ? route.pattern.exec(path) : null;
      if (!found) continue;
      const params = Object.fromEntries(
        Object.entries(found.groups ?? {}).map(([name, value]) => [name, decodeURIComponent(value)]),
      );
      return { template: route.template, value: route.value, params };
    }
    return undefined;
  }
}
