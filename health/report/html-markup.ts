/**
 * HTML built so that nothing from outside can become markup. Domain names, reporter org names, failure
 * messages and DMARC source data reach the report from DNS, Smartlead and receivers' reports: every value
 * interpolated into an `html` template is escaped unless it is itself `Markup` this module produced.
 *
 * The escaping is OWASP's rule for HTML element content and quoted attribute values (the five characters
 * `& < > " '`), https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html
 * (the same set the `escape-html` package replaces). It is safe only in text and in quoted attributes, which is
 * the only place templates put values: never in a tag name, an unquoted attribute, a `<style>` or a URL scheme
 * (links go through `httpUrl`).
 */

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text that is safe to place in HTML as markup. Only `html`, `joinMarkup` and `Markup.trusted` make one. */
export class Markup {
  /** @param value Trusted HTML. */
  private constructor(readonly value: string) {}

  /** Wraps a string the caller vouches for (a constant of this code base, never outside data). */
  static trusted(value: string): Markup {
    return new Markup(value);
  }

  toString(): string {
    return this.value;
  }
}

/** What a template accepts: markup as is, text escaped, lists joined, nothing for `undefined`/`null`/`false`. */
export type HtmlValue = Markup | string | number | boolean | null | undefined | readonly HtmlValue[];

/** `text` with `& < > " '` replaced by their entities: readable as text in element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

function render(value: HtmlValue): string {
  if (value instanceof Markup) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === undefined || value === null || value === false) return "";
  return escapeHtml(String(value));
}

/** A template whose interpolations are escaped (see the module comment); attribute values must be quoted. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Markup {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return Markup.trusted(out);
}

/** The values, escaped as in a template, joined by `separator` (itself markup). */
export function joinMarkup(values: readonly HtmlValue[], separator: Markup = Markup.trusted("")): Markup {
  return Markup.trusted(values.map(render).join(separator.value));
}

/**
 * `url` when it is an absolute http(s) URL, else undefined: a link's scheme comes from outside (a blocklist's
 * delist page) and `javascript:` or `data:` must never become an `href`.
 */
export function httpUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
