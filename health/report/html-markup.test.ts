import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeHtml, html, httpUrl, joinMarkup, Markup } from "./html-markup";

/** What a browser reads back from escaped text (the five entities escapeHtml writes). */
function readBack(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

describe("escapeHtml", () => {
  it("leaves no character that opens a tag or closes an attribute, and reads back as the original", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const escaped = escapeHtml(text);
        expect(escaped).not.toMatch(/[<>"']/);
        expect(readBack(escaped)).toBe(text);
      }),
    );
  });

  it("escapes an ampersand once, so an entity in the data shows as typed", () => {
    expect(escapeHtml("&lt;b&gt; & <b>")).toBe("&amp;lt;b&amp;gt; &amp; &lt;b&gt;");
  });
});

describe("html templates", () => {
  it("escape every interpolated value but keep markup built by templates", () => {
    const reporter = "<script>alert(1)</script>";
    const out = html`<p title="${reporter}">${reporter} ${html`<b>${"a&b"}</b>`}</p>`.toString();
    expect(out).toBe(
      '<p title="&lt;script&gt;alert(1)&lt;/script&gt;">&lt;script&gt;alert(1)&lt;/script&gt; <b>a&amp;b</b></p>',
    );
  });

  it("join lists, and drop undefined, null and false", () => {
    expect(html`${["<a>", html`<br>`, 3]}|${undefined}${null}${false}|${0}`.toString()).toBe(
      "&lt;a&gt;<br>3||0",
    );
    expect(joinMarkup(["x<", "y"], html`, `).toString()).toBe("x&lt;, y");
  });

  it("cannot be fooled by an object that looks like markup", () => {
    const fake = { value: "<script>", toString: () => "<script>" } as unknown as Markup;
    expect(html`${fake}`.toString()).toBe("&lt;script&gt;");
    expect(html`${Markup.trusted("<hr>")}`.toString()).toBe("<hr>");
  });
});

describe("httpUrl", () => {
  it("keeps absolute http(s) links and refuses every other scheme or a relative one", () => {
    expect(httpUrl("https://check.spamhaus.org/")).toBe("https://check.spamhaus.org/");
    expect(httpUrl("http://www.surbl.org/surbl-analysis")).toBe("http://www.surbl.org/surbl-analysis");
    for (const bad of [
      "javascript:alert(1)",
      " JavaScript:alert(1)",
      "data:text/html,<b>",
      "//evil.test",
      "/x",
      "",
    ])
      expect(httpUrl(bad), bad).toBeUndefined();
    expect(httpUrl(undefined)).toBeUndefined();
  });
});
