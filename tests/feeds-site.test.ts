import { beforeAll, describe, expect, test } from "@jest/globals";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SerialLock } from "../src/posts/lock.js";
import { clients, feedparser, xmllint } from "./helpers/clients.js";
import {
  atomProblems,
  jsonFeedProblems,
  parseStrict,
  rssProblems,
  textOf,
  urlsIn,
} from "./helpers/feeds.js";
import { prose } from "./helpers/report.js";
import { build, listFiles, makeSite, splitInto, type TestSite } from "./helpers/site.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- parsed XML is walked by element name */

// The inputs that broke feeds elsewhere (issue 6), through the whole pipeline:
// split → Eleventy → feeds.
const SITE = "https://learning-together.example.org";
const TWO_ENDS = "a[b[0]]>c and x[y[1]]>z";
const FEEDS = ["feed.xml", "atom.xml", "feed.json"];

const report = (notesHeading: string) => `---
title: Feed inputs
series:
  start: 2027-01-01
  every: day
  time: "09:00"
  timezone: UTC
  targetWords: 30
  minWords: 15
  maxWords: 80
---
# Setup

${prose(30, 30, "s")}

# ${TWO_ENDS}

<div class="raw">
${TWO_ENDS}
</div>

![a chart](/img/c.png) and [the next part](../part-3/).

<img srcset="a.png 1x, b.png 2x" src="a.png" alt="two candidates">

As in [see setup](#setup). ${prose(12, 12, "m")}

## ${notesHeading}

${prose(12, 12, "n")}

# Closing

${prose(30, 30, "c")}
`;

const readAll = async (site: TestSite) =>
  Object.fromEntries(
    await Promise.all(FEEDS.map(async (f) => [f, await readFile(join(site.out, f), "utf8")])),
  ) as Record<string, string>;

describe("a series of three parts dated 01-01, 01-02 and 01-03 with the inputs that failed elsewhere", () => {
  let site: TestSite;
  let file: string;
  let lock: SerialLock;
  let feeds: Record<string, string>;
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), "serialpress-feed-inputs-"));
    file = join(dir, "inputs.md");
    await writeFile(file, report("Lcoal notes"));
    site = await makeSite();
    await splitInto(site, file);
    lock = JSON.parse(await readFile(join(site.posts, "serial.lock.json"), "utf8"));
    await build(site, "2027-01-04T00:00:00Z");
    feeds = await readAll(site);
  });

  test("the split made the three parts with the expected dates", () => {
    expect(lock.parts.map((p) => [p.title, p.date])).toEqual([
      ["Setup", "2027-01-01T09:00:00Z"],
      [TWO_ENDS, "2027-01-02T09:00:00Z"],
      ["Closing", "2027-01-03T09:00:00Z"],
    ]);
  });

  (clients.xmllint ? test : test.skip).each(["feed.xml", "atom.xml"])(
    "xmllint parses %s with no message at all",
    async (name) => {
      expect(await xmllint(feeds[name]!)).toBe("");
    },
  );

  (clients.feedparser ? test : test.skip).each(["feed.xml", "atom.xml"])(
    "feedparser reads %s: not bozo, titles exact (with both ]]>), newest first",
    async (name) => {
      const parsed = await feedparser(join(site.out, name));
      expect([parsed.bozo, parsed.bozoException]).toEqual([false, ""]);
      expect(parsed.entries.map((e) => [e.title, e.link, e.id])).toEqual(
        [...lock.parts]
          .reverse()
          .map((p) => [`${p.title} (Part ${p.number} of 3)`, `${SITE}${p.permalink}`, p.guid]),
      );
    },
  );

  test("the body keeps a[b[0]]>c and x[y[1]]>z exactly in RSS, Atom and JSON", () => {
    const raw = `<div class="raw">\n${TWO_ENDS}\n</div>`;
    const rss = (parseStrict(feeds["feed.xml"]!) as any).rss[0].channel[0].item[1];
    expect(textOf(rss["content:encoded"][0])).toContain(raw);
    const atom = (parseStrict(feeds["atom.xml"]!) as any).feed[0].entry[1];
    expect(textOf(atom.content[0])).toContain(raw);
    expect(JSON.parse(feeds["feed.json"]!).items[1].content_html).toContain(raw);
  });

  test("the feed's updated is 01-03 and items are newest first", () => {
    const rss = (parseStrict(feeds["feed.xml"]!) as any).rss[0].channel[0];
    expect(textOf(rss.lastBuildDate[0])).toBe("Sun, 03 Jan 2027 09:00:00 GMT");
    expect(textOf((parseStrict(feeds["atom.xml"]!) as any).feed[0].updated[0])).toBe(
      "2027-01-03T09:00:00.000Z",
    );
    expect(JSON.parse(feeds["feed.json"]!).items.map((i: any) => i._serialpress.part)).toEqual([
      3, 2, 1,
    ]);
  });

  test("every URL in the content is absolute; #setup points at the post that holds it", () => {
    const part2 = lock.parts[1]!;
    const html = JSON.parse(feeds["feed.json"]!).items[1].content_html as string;
    const urls = urlsIn(html);
    expect(urls.filter((u) => !/^(https:|mailto:)/.test(u))).toEqual([]);
    for (const u of [
      `${SITE}/img/c.png`,
      `${SITE}/posts/part-3/`,
      `${SITE}${part2.permalink}a.png`,
      `${SITE}${part2.permalink}b.png`,
      `${SITE}/posts/setup/#setup`,
    ])
      expect(urls).toContain(u);
    expect(html).toContain(
      `srcset="${SITE}${part2.permalink}a.png 1x, ${SITE}${part2.permalink}b.png 2x"`,
    );
  });

  test("each item has Part N of M, a contents link, and a comment link per section and for the part", () => {
    const items = JSON.parse(feeds["feed.json"]!).items as any[];
    for (const part of lock.parts) {
      const html = items.find((i) => i.id === part.guid).content_html as string;
      expect(
        html.startsWith(
          `<p class="series-line"><a href="${SITE}/contents/">Feed inputs</a> · Part ${part.number} of 3</p>`,
        ),
      ).toBe(true);
      const sectionLinks = [
        ...html.matchAll(/<a href="(mailto:[^"]+)">Comment on this section/g),
      ].map((m) => decodeURIComponent(m[1]!));
      expect(sectionLinks.map((l) => l.slice(l.indexOf("About ") + 6).trim())).toEqual(
        part.sections.map((s) => `${SITE}${part.permalink}#${s.id}`),
      );
      expect(html).toContain("Comment on this part</a></p>\n");
    }
  });

  test("RSS, Atom and JSON Feed have their required elements and match the JSON Feed 1.1 schema", () => {
    expect(rssProblems(feeds["feed.xml"]!)).toEqual([]);
    expect(atomProblems(feeds["atom.xml"]!)).toEqual([]);
    expect(jsonFeedProblems(JSON.parse(feeds["feed.json"]!))).toEqual([]);
  });

  test("every page links all three feeds for autodiscovery", async () => {
    const pages = (await listFiles(site.out)).filter((f) => f.endsWith(".html"));
    // Home, contents, whole report, discussion and the three parts.
    expect(pages.length).toBe(7);
    for (const page of pages) {
      const html = await readFile(join(site.out, page), "utf8");
      const links = [
        ...html.matchAll(/<link rel="alternate" type="([^"]+)"[^>]* href="([^"]+)">/g),
      ];
      expect([page, links.map((m) => [m[1], m[2]])]).toEqual([
        page,
        [
          ["application/rss+xml", "/feed.xml"],
          ["application/atom+xml", "/atom.xml"],
          ["application/feed+json", "/feed.json"],
        ],
      ]);
    }
  });

  test("a rebuild with nothing changed, even a month later, gives identical feed bytes", async () => {
    await build(site, "2027-01-04T00:00:00Z");
    expect(await readAll(site)).toEqual(feeds);
    await build(site, "2027-02-04T00:00:00Z");
    expect(await readAll(site)).toEqual(feeds);
  });

  test("a typo fixed in a section heading and the site rebuilt: GUIDs unchanged, the part shows updated, not a new published", async () => {
    await writeFile(file, report("Local notes"));
    await splitInto(site, file, {}, { SERIAL_NOW: "2027-01-05T12:00:00Z" });
    const after: SerialLock = JSON.parse(
      await readFile(join(site.posts, "serial.lock.json"), "utf8"),
    );
    expect(after.parts.map((p) => [p.guid, p.date, p.updated])).toEqual(
      lock.parts.map((p, i) => [p.guid, p.date, i === 1 ? "2027-01-05T12:00:00Z" : undefined]),
    );
    await build(site, "2027-01-06T00:00:00Z");
    const rebuilt = await readAll(site);
    const atom = parseStrict(rebuilt["atom.xml"]!) as any;
    expect(textOf(atom.feed[0].updated[0])).toBe("2027-01-05T12:00:00.000Z");
    expect(
      atom.feed[0].entry.map((e: any) => [
        textOf(e.id[0]),
        textOf(e.published[0]),
        textOf(e.updated[0]),
      ]),
    ).toEqual([
      [lock.parts[2]!.guid, "2027-01-03T09:00:00.000Z", "2027-01-03T09:00:00.000Z"],
      [lock.parts[1]!.guid, "2027-01-02T09:00:00.000Z", "2027-01-05T12:00:00.000Z"],
      [lock.parts[0]!.guid, "2027-01-01T09:00:00.000Z", "2027-01-01T09:00:00.000Z"],
    ]);
    const rss = (parseStrict(rebuilt["feed.xml"]!) as any).rss[0].channel[0].item;
    expect(rss.map((i: any) => [textOf(i.guid[0]), textOf(i.pubDate[0])])).toEqual([
      [lock.parts[2]!.guid, "Sun, 03 Jan 2027 09:00:00 GMT"],
      [lock.parts[1]!.guid, "Sat, 02 Jan 2027 09:00:00 GMT"],
      [lock.parts[0]!.guid, "Fri, 01 Jan 2027 09:00:00 GMT"],
    ]);
    expect(textOf(rss[1]["content:encoded"][0])).toContain("Local notes");
  });
});

describe("a typo fixed in a part's first heading", () => {
  // The re-split recognises the section by its text (src/split/reconcile.ts), so
  // the part keeps its id, permalink and GUID and feed readers see no new item.
  test("keeps the part's GUID and permalink", async () => {
    const dir = await mkdtemp(join(tmpdir(), "serialpress-first-heading-"));
    const file = join(dir, "typo.md");
    const text = (h: string) =>
      `---\ntitle: Typo\nseries:\n  start: 2027-01-01\n  every: day\n  timezone: UTC\n  targetWords: 30\n  minWords: 15\n  maxWords: 80\n---\n# Setup\n\n${prose(30, 30, "s")}\n\n# ${h}\n\n${prose(30, 30, "c")}\n`;
    await writeFile(file, text("Closnig"));
    const site = await makeSite();
    const env = { SERIAL_NOW: "2027-01-05T00:00:00Z" };
    const before = await splitInto(site, file, {}, env);
    await writeFile(file, text("Closing"));
    const after = await splitInto(site, file, {}, env);
    expect(after.parts.map((p) => [p.guid, p.slug])).toEqual(
      before.parts.map((p) => [p.guid, p.slug]),
    );
  });
});
