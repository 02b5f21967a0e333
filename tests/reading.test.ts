import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import type { SerialLock } from "../src/posts/lock.js";
import { axeViolations, HAVE_CHROMIUM, launchChromium, siteContext } from "./helpers/browser.js";
import { brokenLinks } from "./helpers/links.js";
import { CORPUS, HAVE_CORPUS, SAMPLE } from "./helpers/paths.js";
import { build, listFiles, makeSite, splitInto, type TestSite } from "./helpers/site.js";
import { htmlProblems } from "./helpers/validate.js";

// Issue 7: one site for readers of one part at a time and readers of the whole report.
// The browser checks need Debian's chromium (.ci/run installs it); CI never skips them.
if (!HAVE_CHROMIUM && !process.env.CI)
  console.warn("SKIPPED axe-core checks: /usr/bin/chromium is absent (apt-get install chromium).");
const inBrowser = HAVE_CHROMIUM || process.env.CI ? test : test.skip;

const ARABIC = join(CORPUS, "opensource-guide-ar-how-to-contribute.md");
const EVERYTHING = "2100-01-01T00:00:00Z";
const read = (site: TestSite, page: string) => readFile(join(site.out, page), "utf8");
const lockOf = async (site: TestSite) =>
  JSON.parse(await readFile(join(site.posts, "serial.lock.json"), "utf8")) as SerialLock;
/** A page's path as the browser asks for it (`/posts/<slug>/`, slug percent-encoded). */
const pathOf = (permalink: string) => permalink.split("/").map(encodeURIComponent).join("/");

let browser: Browser | undefined;
beforeAll(async () => {
  if (HAVE_CHROMIUM || process.env.CI) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** axe-core on each page, light and dark; returns `scheme path rule targets` lines. */
async function axeReport(site: TestSite, paths: string[]): Promise<string[]> {
  const lines: string[] = [];
  for (const colorScheme of ["light", "dark"] as const) {
    const context = await siteContext(browser!, site.out, { colorScheme });
    for (const path of paths)
      for (const v of await axeViolations(context, path))
        lines.push(`${colorScheme} ${path} ${v.rule} ${v.targets.join(", ")}`);
    await context.close();
  }
  return lines;
}

describe("the sample report's site (every part released)", () => {
  let site: TestSite;
  let lock: SerialLock;
  beforeAll(async () => {
    site = await makeSite();
    await splitInto(site, SAMPLE);
    await build(site, EVERYTHING);
    lock = await lockOf(site);
  });

  test("every page passes html-validate with no error", async () => {
    expect(await htmlProblems(site.out)).toEqual([]);
  });

  test("linkinator finds no broken link or #anchor", async () => {
    expect(await brokenLinks(site.out)).toEqual([]);
  });

  inBrowser(
    "axe-core finds no violation on home, contents, a post and the whole report, light and dark",
    async () => {
      const post = pathOf(lock.parts[2]!.permalink);
      expect(await axeReport(site, ["/", "/contents/", post, "/report/"])).toEqual([]);
    },
  );

  test("the heaviest post page and the stylesheet weigh under 30 KB together, with no script or web font", async () => {
    const sizes = await Promise.all(
      lock.parts.map(async (p) => (await stat(join(site.out, p.permalink, "index.html"))).size),
    );
    const css = await read(site, "assets/style.css");
    expect(Math.max(...sizes) + Buffer.byteLength(css)).toBeLessThan(30_000);
    const html = (
      await Promise.all(
        (await listFiles(site.out)).filter((f) => f.endsWith(".html")).map((f) => read(site, f)),
      )
    ).join("");
    expect(html).not.toMatch(/<script|<link[^>]+(?:fonts\.|\.woff)/i);
    expect(css).not.toMatch(/@font-face|@import|url\(/i);
  });

  test("pages say their language and direction", async () => {
    expect(await read(site, "index.html")).toContain('<html lang="en" dir="ltr">');
  });

  test("part 1, which opens with the report's preamble, is headed by the report's title", async () => {
    const html = await read(site, join(lock.parts[0]!.permalink, "index.html"));
    expect(html).toContain(
      '<h1 id="part-title">Learning Together: Communities of Practice in Development Work</h1>',
    );
  });

  test("on the whole-report page footnote ids carry their part's id, are unique, and every reference finds its note", async () => {
    const html = await read(site, "report/index.html");
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
    const notes = ids.filter((id) => /^fn(ref)?-/.test(id));
    expect(notes.length).toBe(20);
    expect(new Set(notes).size).toBe(notes.length);
    for (const id of notes)
      expect(
        lock.parts.some((p) => id.startsWith(`fn-${p.id}-`) || id.startsWith(`fnref-${p.id}-`)),
      ).toBe(true);
    const targets = [...html.matchAll(/href="#(fn(?:ref)?-[^"]+)"/g)].map((m) => m[1]!);
    expect(targets.length).toBe(20);
    expect(targets.filter((t) => !ids.includes(t))).toEqual([]);
  });

  test("a section's comment link is the same on its post page and on the whole-report page", async () => {
    const report = await read(site, "report/index.html");
    for (const part of lock.parts) {
      const post = await read(site, join(part.permalink, "index.html"));
      const links = [
        ...post.matchAll(/<p class="comment-link"><a href="([^"]+)">Comment on this section/g),
      ].map((m) => m[1]!);
      expect(links).toHaveLength(part.sections.length);
      for (const href of links) expect(report).toContain(`href="${href}"`);
    }
  });

  test("each part on the whole-report page links to its post and to its comment thread", async () => {
    const html = await read(site, "report/index.html");
    for (const part of lock.parts) {
      const block = html.slice(html.indexOf(`id="part-${part.number}"`));
      const meta = /^id="part-\d+"[^>]*>\s*<p class="report-part-meta">([^\n]*)<\/p>/.exec(
        block,
      )?.[1];
      expect(meta).toContain(`<a href="${part.permalink}">Read as a post</a>`);
      expect(meta).toContain(">Comment on this part</a>");
    }
  });
});

describe("comment channels on the built site", () => {
  test("a GitHub issues channel puts a new-issue link on every section and part", async () => {
    const site = await makeSite({
      comments: { channel: "github-issues", repo: "octo-org/octo-repo", labels: ["feedback"] },
    });
    await splitInto(site, SAMPLE);
    await build(site, EVERYTHING);
    const part = (await lockOf(site)).parts[3]!;
    const html = await read(site, join(part.permalink, "index.html"));
    const links = [
      ...html.matchAll(/href="(https:\/\/github\.com\/octo-org\/octo-repo\/issues\/new\?[^"]+)"/g),
    ].map((m) => m[1]!.replace(/&amp;/g, "&"));
    expect(links).toHaveLength(part.sections.length + 1);
    expect(links[0]).toBe(
      "https://github.com/octo-org/octo-repo/issues/new?title=Findings" +
        "&body=About%20https%3A%2F%2Flearning-together.example.org%2Fposts%2Ffindings%2F%23findings%0A%5BLearning%20Together%5D%20Part%204%3A%20Findings%0A%0A&labels=feedback",
    );
  });

  test("a bad channel stops the build with a message naming the field", async () => {
    const site = await makeSite({
      comments: { channel: "github-issues", repository: "octo-org/octo-repo" },
    });
    const failure = await build(site, EVERYTHING).then(
      () => "",
      (error: { stderr: string }) => error.stderr.replace(/^\[11ty\] /gm, ""),
    );
    expect(failure).toContain(
      "_data/site.json: invalid site settings:\n" +
        "  comments.repo: is required (GitHub repository as owner/name, e.g. octo-org/octo-repo.)\n" +
        "  comments.repository: is not a setting here (allowed: channel, repo, labels, server, hide)\n" +
        "See the settings section of README.md.",
    );
  });
});

const maybe = HAVE_CORPUS ? describe : describe.skip;
if (!HAVE_CORPUS) console.warn(`SKIPPED right-to-left site checks: ${ARABIC} is absent.`);

maybe("a right-to-left report's site (the Arabic open source guide)", () => {
  let site: TestSite;
  let lock: SerialLock;
  let body: string;
  beforeAll(async () => {
    site = await makeSite();
    await splitInto(site, ARABIC, { start: "2027-01-05", timezone: "Europe/Amsterdam" });
    await build(site, EVERYTHING);
    lock = await lockOf(site);
    body = await readFile(ARABIC, "utf8");
  });

  test("every page is Arabic, right to left", async () => {
    const pages = (await listFiles(site.out)).filter((f) => f.endsWith(".html"));
    // Every part, home, contents, the whole report and the discussion page.
    expect(pages).toHaveLength(lock.parts.length + 4);
    for (const page of pages)
      expect(await read(site, page)).toContain('<html lang="ar" dir="rtl">');
  });

  test("serialpress's own words are Arabic, from its locale table (issue 16): no English left to mark", async () => {
    const html = await read(site, join(lock.parts[1]!.permalink, "index.html"));
    expect(html).toContain(`<span id="part-title-number">الجزء 2 من ${lock.parts.length}</span>`);
    expect(html).toContain(">علّق على هذا القسم<");
    expect(html).toContain('<a class="skip-link" href="#main">انتقل إلى المحتوى</a>');
    expect(html).toContain("جديد على السلسلة؟ <a ");
    expect(html).not.toMatch(/lang="en"/);
    expect(html).not.toMatch(/Comment on this|Skip to content|Part \d+ of/);
  });

  test("every page passes html-validate, though the report's own <div dir=rtl> spans all parts", async () => {
    expect(await htmlProblems(site.out)).toEqual([]);
  });

  test("linkinator finds no broken link but the report's own site-absolute image", async () => {
    const broken = (await brokenLinks(site.out)).map((l) => l.url.slice(site.out.length));
    expect(broken.every((path) => body.includes(`src="${decodeURIComponent(path)}"`))).toBe(true);
    expect([...new Set(broken)]).toEqual(["/assets/images/how-to-contribute/johnfkennedy.jpg"]);
  });

  inBrowser(
    "axe-core finds no violation on home, contents, a post and the whole report, light and dark",
    async () => {
      const post = pathOf(lock.parts[0]!.permalink);
      expect(await axeReport(site, ["/", "/contents/", post, "/report/"])).toEqual([]);
    },
  );
});
