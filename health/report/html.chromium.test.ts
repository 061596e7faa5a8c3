/**
 * The HTML health report as a person sees it: rendered by Debian's Chromium through playwright-core, every
 * network request blocked and recorded, judged from screenshots (pixels) rather than from the markup.
 * Screenshots are kept in .tmp/health-report-screenshots/ to look at.
 *
 * playwright-core drives the system's browser through `executablePath`
 * (https://playwright.dev/docs/api/class-browsertype#browser-type-launch); requests are seen through the page's
 * `request` event, which also fires for a request the page's CSP then refuses (failure "csp"), and held back by
 * `browserContext.route` (https://playwright.dev/docs/api/class-browsercontext#browser-context-route).
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HealthStatus } from "../signals";
import { renderHealthHtml } from "./html";
import { HOSTILE, hostileReport, threeDomainReport } from "./html-fixtures";
import { escapeHtml } from "./html-markup";
import { CHART_COLOURS, STATUS_COLOURS } from "./html-palette";

// The page functions below run inside Chromium. The project's tsconfig has no DOM library (its code runs on
// Node and must not see browser globals), so the few those functions use are declared here, for this file only.
interface PageElement {
  tagName: string;
  namespaceURI: string | null;
  textContent: string | null;
  clientWidth: number;
  scrollWidth: number;
  getBoundingClientRect(): { right: number };
  getAttribute(name: string): string | null;
  getAttributeNames(): string[];
  querySelectorAll(selectors: string): ArrayLike<PageElement>;
}
declare const document: PageElement & { documentElement: PageElement; body: PageElement };
declare function getComputedStyle(element: PageElement): { display: string };
declare function createImageBitmap(image: Blob): Promise<{ width: number; height: number }>;
declare class OffscreenCanvas {
  constructor(width: number, height: number);
  getContext(kind: "2d"): {
    drawImage(image: unknown, x: number, y: number): void;
    getImageData(x: number, y: number, width: number, height: number): { data: Uint8ClampedArray };
  } | null;
}

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `html.chromium.test.ts skipped: ${CHROMIUM} not found; install Debian's chromium (apt-get install -y chromium, as .ci/run does)`,
  );
}

const OUT = path.resolve(".tmp/health-report-screenshots");

/** One opened report and everything it tried to do besides rendering. */
interface OpenedReport {
  page: Page;
  context: BrowserContext;
  /** URLs the page asked for other than the report file itself, including those its CSP then refused. */
  requests: string[];
  /** Of those, the URLs that got past the CSP to the network (where the route refused them). */
  sent: string[];
  /** Console errors, CSP violations among them. */
  consoleErrors: string[];
  /** alert/confirm/prompt messages: a script ran. */
  dialogs: string[];
}

/** "#16a34a" → [22, 163, 74]. */
function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** What a screenshot holds, counted in a page of the same browser (Chromium decodes the PNG). */
interface PixelCounts {
  width: number;
  height: number;
  /** Pixels within a small distance of each named colour. */
  counts: Record<string, number>;
  /** Per colour, the most separate runs of it met along one pixel row: bars side by side. */
  runs: Record<string, number>;
}

describe.skipIf(!hasChromium)("the HTML health report in Chromium", () => {
  let browser: Browser;
  let decoder: Page;
  const opened: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM });
    decoder = await browser.newPage();
  });

  afterAll(async () => {
    for (const context of opened) await context.close();
    await browser?.close();
  });

  /** Writes `html` to a file and opens it as a person would (file://), nothing allowed onto the network. */
  async function open(name: string, html: string, width: number, height = 900): Promise<OpenedReport> {
    const file = path.join(OUT, `${name}.html`);
    writeFileSync(file, html);
    const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
    opened.push(context);
    const requests: string[] = [];
    const sent: string[] = [];
    const consoleErrors: string[] = [];
    const dialogs: string[] = [];
    const url = pathToFileURL(file).href;
    await context.route(
      (u) => u.href !== url,
      (route) => {
        sent.push(route.request().url());
        return route.abort();
      },
    );
    const page = await context.newPage();
    page.on("request", (r) => {
      if (r.url() !== url) requests.push(r.url());
    });
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(url, { waitUntil: "load" });
    return { page, context, requests, sent, consoleErrors, dialogs };
  }

  /** A screenshot of `target`, saved as `name`.png, its pixels counted for `colours`. */
  async function pixels(
    target: Locator,
    name: string,
    colours: Record<string, string>,
  ): Promise<PixelCounts> {
    const png = await target.screenshot({ path: path.join(OUT, `${name}.png`), animations: "disabled" });
    const wanted = Object.fromEntries(Object.entries(colours).map(([k, v]) => [k, rgb(v)]));
    return decoder.evaluate(
      async ({ base64, wanted }) => {
        const blob = await (await fetch(`data:image/png;base64,${base64}`)).blob();
        const bitmap = await createImageBitmap(blob);
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const g = canvas.getContext("2d")!;
        g.drawImage(bitmap, 0, 0);
        const { data } = g.getImageData(0, 0, bitmap.width, bitmap.height);
        const counts: Record<string, number> = {};
        const runs: Record<string, number> = {};
        for (const [name, [r, gr, b]] of Object.entries(wanted)) {
          let count = 0;
          let mostRuns = 0;
          for (let y = 0; y < bitmap.height; y++) {
            let rowRuns = 0;
            let inside = false;
            for (let x = 0; x < bitmap.width; x++) {
              const i = (y * bitmap.width + x) * 4;
              const near =
                Math.abs(data[i] - r) + Math.abs(data[i + 1] - gr) + Math.abs(data[i + 2] - b) <= 30;
              if (near) count++;
              if (near && !inside) rowRuns++;
              inside = near;
            }
            mostRuns = Math.max(mostRuns, rowRuns);
          }
          counts[name] = count;
          runs[name] = mostRuns;
        }
        return { width: bitmap.width, height: bitmap.height, counts, runs };
      },
      { base64: png.toString("base64"), wanted },
    );
  }

  /** Elements whose content is wider than their box, or that reach past the viewport's right edge. */
  function overflowing(page: Page): Promise<string[]> {
    return page.evaluate(() => {
      const found: string[] = [];
      const viewport = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth > viewport)
        found.push(`page ${document.documentElement.scrollWidth} px wide in ${viewport}`);
      for (const el of Array.from(document.body.querySelectorAll("*"))) {
        const box = el.getBoundingClientRect();
        const name = `${el.tagName.toLowerCase()}.${el.getAttribute("class") ?? ""} "${(el.textContent ?? "").slice(0, 40)}"`;
        if (box.right > viewport + 0.5) found.push(`${name} ends at ${box.right} px`);
        // SVG elements report no meaningful scroll sizes; their boxes are checked against the viewport above.
        if (
          el.namespaceURI !== "http://www.w3.org/2000/svg" &&
          el.clientWidth > 0 &&
          el.scrollWidth > el.clientWidth + 1
        )
          found.push(`${name} holds ${el.scrollWidth} px in ${el.clientWidth}`);
      }
      return found;
    });
  }

  const report = threeDomainReport();
  const reportHtml = renderHealthHtml(report);

  it("checks its own instruments: an unescaped script raises a dialog, an image is requested or refused by the CSP", async () => {
    const unsafe = await open(
      "control-unsafe",
      "<!doctype html><p>x</p><script>alert('ran')</script><img src='https://blocked.test/x.png'>",
      375,
    );
    expect(unsafe.dialogs).toEqual(["ran"]);
    expect(unsafe.requests).toEqual(["https://blocked.test/x.png"]);
    expect(unsafe.sent).toEqual(["https://blocked.test/x.png"]);
    const csp = reportHtml.slice(
      reportHtml.indexOf("<meta http-equiv"),
      reportHtml.indexOf(">", reportHtml.indexOf("<meta http-equiv")) + 1,
    );
    const guarded = await open(
      "control-csp",
      `<!doctype html><head>${csp}</head><img src='https://blocked.test/y.png'><script>alert(1)</script>`,
      375,
    );
    expect(guarded.dialogs).toEqual([]);
    expect(guarded.requests).toEqual(["https://blocked.test/y.png"]);
    expect(guarded.sent).toEqual([]);
    expect(guarded.consoleErrors.join("\n")).toMatch(/Content Security Policy/);
  });

  it("loads nothing and runs nothing, with no error, and nothing overflows at phone widths (320, 375 px) and a laptop's (1280 px)", async () => {
    for (const width of [320, 375, 1280]) {
      const r = await open(`report-${width}`, reportHtml, width);
      expect(r.requests, `requests at ${width} px`).toEqual([]);
      expect(r.consoleErrors, `console errors at ${width} px`).toEqual([]);
      expect(r.dialogs).toEqual([]);
      await r.page.screenshot({ path: path.join(OUT, `report-${width}.png`), fullPage: true });
      expect(await overflowing(r.page), `overflow at ${width} px`).toEqual([]);
    }
  });

  it("stays inside an A4 page when printed", async () => {
    const r = await open("report-print", reportHtml, 794);
    await r.page.emulateMedia({ media: "print" });
    expect(await overflowing(r.page)).toEqual([]);
    const ring = await pixels(
      r.page.locator('[data-domain="acme-sales.test"] .score-ring'),
      "print-ring-critical",
      {
        critical: STATUS_COLOURS.critical,
      },
    );
    expect(ring.counts.critical, "printed rings keep their colour").toBeGreaterThan(300);
  });

  it("draws each domain's ring in its status colour: green healthy, yellow at risk, red critical", async () => {
    const r = await open("report-rings", reportHtml, 1280);
    expect(report.domains.map((d) => [d.domain, d.status])).toEqual([
      ["acme-outreach.test", "healthy"],
      ["acme-mail.test", "at-risk"],
      ["acme-sales.test", "critical"],
    ]);
    for (const health of report.domains) {
      const ring = await pixels(
        r.page.locator(`[data-domain="${health.domain}"] .score-ring`),
        `ring-${health.status}`,
        STATUS_COLOURS,
      );
      const others = (Object.keys(STATUS_COLOURS) as HealthStatus[]).filter((s) => s !== health.status);
      // The arc covers the score's share of the ring: 100 → the whole ring, 20 → a fifth, plus the number.
      expect(ring.counts[health.status], health.domain).toBeGreaterThan(health.score === 100 ? 2500 : 300);
      for (const other of others)
        expect(ring.counts[other], `${health.domain} has no ${other} pixels`).toBe(0);
    }
  });

  it("draws a bar per day with warmup data, and says 'no data' for a mailbox without", async () => {
    const r = await open("report-charts", reportHtml, 1280);
    const chart = (address: string) => r.page.locator(`[data-mailbox="${address}"] .warmup-chart`);
    const colours = { sent: CHART_COLOURS.sent, spam: CHART_COLOURS.spam };

    // ana: sent on all 7 days, spam on 2.
    const ana = await pixels(chart("ana@acme-outreach.test"), "chart-ana", colours);
    expect(ana.runs.sent).toBe(7);
    expect(ana.runs.spam).toBe(2);
    // cleo: spam every day, so 7 spam bars, and more spam pixels than ana's.
    const cleo = await pixels(chart("cleo@acme-mail.test"), "chart-cleo", colours);
    expect(cleo.runs).toEqual({ sent: 7, spam: 7 });
    expect(cleo.counts.spam).toBeGreaterThan(ana.counts.spam * 3);
    // dan: warmup paused after three days: three sent bars.
    const dan = await pixels(chart("dan@acme-mail.test"), "chart-dan", colours);
    expect(dan.runs.sent).toBe(3);

    // finn: no warmup data, no bar, and the words say so.
    const finnChart = chart("finn@acme-sales.test");
    const finn = await pixels(finnChart, "chart-finn-no-data", colours);
    expect(finn.counts).toEqual({ sent: 0, spam: 0 });
    await expect(finnChart.getByText("No warmup data for the last 7 days").isVisible()).resolves.toBe(true);
    const box = await finnChart.boundingBox();
    expect(box!.height).toBeGreaterThan(40);
  });

  it("shows markup from outside as text, with or without the CSP: no script runs, no element is injected", async () => {
    const hostile = renderHealthHtml(hostileReport());
    const withoutCsp = hostile.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, "");
    expect(withoutCsp).not.toBe(hostile);
    for (const [name, html] of [
      ["hostile", hostile],
      ["hostile-without-csp", withoutCsp],
    ] as const) {
      const r = await open(name, html, 375);
      expect(r.dialogs, name).toEqual([]);
      expect(r.requests, name).toEqual([]);
      const injected = await r.page.evaluate(() => ({
        scripts: document.querySelectorAll("script, iframe, img").length,
        styles: document.querySelectorAll("style").length,
        handlers: Array.from(document.querySelectorAll("*")).filter((e) =>
          e.getAttributeNames().some((a) => a.startsWith("on")),
        ).length,
        links: Array.from(document.querySelectorAll("a[href]")).map((a) => a.getAttribute("href")),
        visible: getComputedStyle(document.body).display,
      }));
      expect(injected, name).toEqual({
        scripts: 0,
        styles: 1,
        handlers: 0,
        links: expect.any(Array),
        visible: "block",
      });
      expect(
        injected.links.filter((l) => !l?.startsWith("#")),
        name,
      ).toEqual([]);
      // The reporter named <script>… reads as those characters.
      await expect(r.page.getByText(HOSTILE.script).first().isVisible()).resolves.toBe(true);
      await expect(r.page.getByText(`${HOSTILE.image}@acme-sales.test`).first().isVisible()).resolves.toBe(
        true,
      );
      await r.page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
    }
    expect(hostile).toContain(escapeHtml(HOSTILE.script));
  });
});
