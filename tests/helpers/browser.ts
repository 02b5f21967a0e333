import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { extname, join } from "node:path";
import { chromium, type Browser, type BrowserContext } from "playwright-core";

/** Debian's Chromium; playwright-core drives it (no browser download, ever). */
export const CHROMIUM = "/usr/bin/chromium";

/** Whether Chromium is installed (`.ci/run` installs Debian's `chromium`). */
export const HAVE_CHROMIUM = existsSync(CHROMIUM);

/** The origin a built site is served from inside the browser; nothing leaves the machine. */
export const ORIGIN = "http://serialpress.test";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".xml": "application/xml",
  ".json": "application/json",
};

/**
 * Launches headless Chromium as root-safe and offline (no sandbox, no GPU,
 * no background network, update or sync traffic, per PITFALLS.md).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/**
 * A browser context that serves the built site folder `out` at {@link ORIGIN}
 * straight from disk (`/x/` is `/x/index.html`; a missing file is a 404) and
 * aborts every request to any other host, so a page that needs the network
 * shows it.
 */
export async function siteContext(
  browser: Browser,
  out: string,
  options: { colorScheme?: "light" | "dark"; width?: number; height?: number } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    colorScheme: options.colorScheme ?? "light",
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
  });
  await context.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) return route.abort();
    let file = join(out, decodeURIComponent(url.pathname));
    if (url.pathname.endsWith("/")) file = join(file, "index.html");
    if (!existsSync(file)) return route.fulfill({ status: 404, body: "not found" });
    return route.fulfill({
      body: await readFile(file),
      contentType: TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
    });
  });
  return context;
}

/** One axe-core rule a page breaks, with the first offending elements. */
export interface AxeViolation {
  rule: string;
  impact: string | null;
  targets: string[];
}

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/**
 * Opens `path` (e.g. `/posts/method/`) in the context and runs axe-core's
 * default rule set (WCAG 2 A and AA, and best practices) on the page.
 * Returns the violations, empty when the page passes.
 */
export async function axeViolations(
  context: BrowserContext,
  path: string,
): Promise<AxeViolation[]> {
  const page = await context.newPage();
  try {
    const response = await page.goto(ORIGIN + path);
    if (!response?.ok()) throw new Error(`${path}: HTTP ${response?.status()}`);
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(): Promise<AxeResults> } }).axe;
      return (await axe.run()).violations;
    });
    return violations.map((v) => ({
      rule: v.id,
      impact: v.impact,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  } finally {
    await page.close();
  }
}

interface AxeResults {
  violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
}
