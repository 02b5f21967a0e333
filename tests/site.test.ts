import { beforeAll, describe, expect, test } from "@jest/globals";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import type { SerialLock } from "../src/posts/lock.js";
import { allText, build, listFiles, makeSite, splitInto, type TestSite } from "./helpers/site.js";
import { readFeeds } from "./helpers/feeds.js";
import { prose } from "./helpers/report.js";
import { ROOT, SAMPLE } from "./helpers/paths.js";
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

const lockOf = async (site: TestSite) =>
  JSON.parse(await readFile(join(site.posts, "serial.lock.json"), "utf8")) as SerialLock;

describe("the sample report, built with every part released", () => {
  let site: TestSite;
  let lock: SerialLock;
  beforeAll(async () => {
    site = await makeSite();
    await splitInto(site, SAMPLE);
    await build(site, "2100-01-01T00:00:00Z");
    lock = await lockOf(site);
  });

  test("has the home, contents and whole-report pages, every part's page and three feeds", async () => {
    const files = await listFiles(site.out);
    for (const f of [
      "index.html",
      "contents/index.html",
      "report/index.html",
      "feed.xml",
      "atom.xml",
      "feed.json",
      "assets/style.css",
      "media/images/cop-cycle.svg",
    ]) {
      expect(files).toContain(f);
    }
    for (const p of lock.parts) expect(files).toContain(`posts/${p.slug}/index.html`);
  });

  test("the feeds parse and list every part with its page URL and the lock's GUID, newest first", async () => {
    const feeds = await readFeeds(site.out);
    const newestFirst = [...lock.parts].reverse();
    const url = (p: { permalink: string }) => `https://learning-together.example.org${p.permalink}`;
    expect(feeds.rssItems.map((i) => [i.guid, i.link])).toEqual(
      newestFirst.map((p) => [p.guid, url(p)]),
    );
    expect(feeds.atomEntries.map((e) => [e.id, e.link])).toEqual(
      newestFirst.map((p) => [p.guid, url(p)]),
    );
    expect(feeds.jsonItems.map((i) => [i.id, i.url])).toEqual(
      newestFirst.map((p) => [p.guid, url(p)]),
    );
    expect(feeds.json.version).toBe("https://jsonfeed.org/version/1.1");
  });

  test("a post page says Part N of M, has section ids, self-links and comment links", async () => {
    const part = lock.parts[3]!;
    const html = await readFile(join(site.out, `posts/${part.slug}/index.html`), "utf8");
    expect(html).toContain(`Part ${part.number} of ${lock.parts.length}`);
    for (const s of part.sections) {
      expect(html).toContain(`id="${s.id}"`);
      expect(html).toContain(
        `href="#${encodeURIComponent(s.id)}" aria-label="Link to this section: ${s.title}">#</a>`,
      );
    }
    const comments =
      html.match(/href="mailto:learning-together@lists\.example\.org\?subject=[^"]+"/g) ?? [];
    expect(comments).toHaveLength(part.sections.length + 1);
    expect(comments.every((c) => !c.includes("+") && !c.includes(" "))).toBe(true);
  });

  test("cross-references to sections in other parts point at those parts' pages", async () => {
    const all = await Promise.all(
      lock.parts.map((p) => readFile(join(site.out, `posts/${p.slug}/index.html`), "utf8")),
    );
    const method = lock.parts.find((p) => p.sections.some((s) => s.id === "method"))!;
    const linking = all.filter((html) => html.includes(`href="${method.permalink}#method"`));
    expect(linking.length).toBeGreaterThan(0);
    // No in-page #anchor link on a post page points at an id the page does not have.
    all.forEach((html) => {
      const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
      const local = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));
      expect(local.filter((a) => !ids.has(a))).toEqual([]);
    });
  });

  test("the whole-report page holds every part once, with unique ids", async () => {
    const html = await readFile(join(site.out, "report/index.html"), "utf8");
    for (const p of lock.parts) expect(html).toContain(`id="part-${p.number}"`);
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBe(new Set(ids).size);
  });

  test("{{ }} and {% %} in a report stay text (Markdown is never run through a template engine)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "serialpress-braces-"));
    const report = join(dir, "braces.md");
    await writeFile(
      report,
      `---\ntitle: Braces\nseries:\n  start: 2020-01-07\n---\n# Braces\n\nUse \`\\textbf{#1}\` here. Counter: \`{{ count }}\` and {% raw %} text.\n`,
    );
    const braces = await makeSite();
    await splitInto(braces, report);
    await build(braces, "2100-01-01T00:00:00Z");
    const html = await readFile(join(braces.out, "posts/braces/index.html"), "utf8");
    expect(html).toContain("<code>\\textbf{#1}</code>");
    expect(html).toContain("<code>{{ count }}</code>");
    expect(html).toContain("{% raw %} text.");
  });
});

describe("the release gate", () => {
  const titles = ["Aardvark Opening", "Bison Middle", "Zebra Findings", "Yak Closing"];
  let site: TestSite;
  let lock: SerialLock;
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), "serialpress-gate-"));
    const report = join(dir, "gate.md");
    const body = titles
      .map(
        (t, i) =>
          `# ${t}\n\n${prose(30, 30, `w${i}x`)}${i === 1 ? " See [the findings](#zebra-findings)." : ""}`,
      )
      .join("\n\n");
    await writeFile(
      report,
      `---\ntitle: Gate test\nseries:\n  start: 2027-01-05\n  every: week\n  time: "09:00"\n  timezone: Europe/Amsterdam\n  targetWords: 30\n  minWords: 15\n  maxWords: 60\n---\n${body}\n`,
    );
    site = await makeSite();
    await splitInto(site, report);
    lock = await lockOf(site);
    // Part 3 (Zebra Findings) is released 2027-01-19T09:00+01:00 = 08:00Z; build one second before.
    await build(site, "2027-01-19T07:59:59Z");
  });

  test("the split made four parts with the expected dates", () => {
    expect(lock.parts.map((p) => [p.title, p.date])).toEqual([
      ["Aardvark Opening", "2027-01-05T09:00:00+01:00"],
      ["Bison Middle", "2027-01-12T09:00:00+01:00"],
      ["Zebra Findings", "2027-01-19T09:00:00+01:00"],
      ["Yak Closing", "2027-01-26T09:00:00+01:00"],
    ]);
  });

  test("a build before part 3's date has no trace of part 3 or 4: no page, feed item, link or title", async () => {
    const files = await listFiles(site.out);
    expect(files.filter((f) => f.startsWith("posts/"))).toEqual([
      "posts/aardvark-opening/index.html",
      "posts/bison-middle/index.html",
    ]);
    const text = await allText(site.out);
    for (const p of lock.parts.slice(2)) {
      expect(text).not.toContain(p.title);
      expect(text).not.toContain(p.permalink);
      expect(text).not.toContain(p.guid);
    }
    const feeds = await readFeeds(site.out);
    expect(feeds.rssItems.map((i) => i.title)).toEqual([
      "Bison Middle (Part 2 of 4)",
      "Aardvark Opening (Part 1 of 4)",
    ]);
    expect(feeds.atomEntries).toHaveLength(2);
    expect(feeds.jsonItems).toHaveLength(2);
  });

  test("a link in a released part to a section of an unreleased part is plain text with its date", async () => {
    const html = await readFile(join(site.out, "posts/bison-middle/index.html"), "utf8");
    expect(html).toContain(
      'See <span class="upcoming-link">the findings</span> <span class="upcoming-note">(coming Tuesday 19 January 2027)</span>.',
    );
  });

  test("one second later part 3 is out", async () => {
    await build(site, "2027-01-19T08:00:00Z");
    expect(existsSync(join(site.out, "posts/zebra-findings/index.html"))).toBe(true);
    const html = await readFile(join(site.out, "posts/bison-middle/index.html"), "utf8");
    expect(html).toContain('See <a href="/posts/zebra-findings/#zebra-findings">the findings</a>.');
  });

  test("a build at an earlier instant removes the pages an earlier build released (the output holds only what is out)", async () => {
    await build(site, "2100-01-01T00:00:00Z");
    expect(existsSync(join(site.out, "posts/yak-closing/index.html"))).toBe(true);
    await build(site, "2027-01-19T07:59:59Z");
    const files = await listFiles(site.out);
    expect(files.filter((f) => f.startsWith("posts/"))).toEqual([
      "posts/aardvark-opening/index.html",
      "posts/bison-middle/index.html",
    ]);
    // The folders of the removed pages go too.
    expect(existsSync(join(site.out, "posts/yak-closing"))).toBe(false);
  });

  test("a build never removes a file serialpress did not write (issue 16): a CNAME, a page of the site's own", async () => {
    await writeFile(join(site.out, "CNAME"), "serial.example.org\n");
    await mkdir(join(site.out, "about"), { recursive: true });
    await writeFile(join(site.out, "about/index.html"), "<p>About us</p>\n");
    await build(site, "2100-01-01T00:00:00Z");
    await build(site, "2027-01-12T09:00:00+01:00");
    expect(await readFile(join(site.out, "CNAME"), "utf8")).toBe("serial.example.org\n");
    expect(await readFile(join(site.out, "about/index.html"), "utf8")).toBe("<p>About us</p>\n");
    expect(existsSync(join(site.out, "posts/zebra-findings/index.html"))).toBe(false);
  });

  test("a dry run (eleventy --dryrun) removes nothing the last build wrote", async () => {
    await build(site, "2100-01-01T00:00:00Z");
    const before = await listFiles(site.out);
    await run(
      process.execPath,
      [join(ROOT, "node_modules/@11ty/eleventy/cmd.cjs"), "--quiet", "--dryrun"],
      {
        cwd: site.dir,
        env: { ...process.env, SERIAL_NOW: "2100-01-01T00:00:00Z", TZ: "UTC" },
      },
    );
    expect(await listFiles(site.out)).toEqual(before);
    expect(before).toContain("posts/zebra-findings/index.html");
  });
});
