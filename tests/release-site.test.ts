import { beforeAll, describe, expect, test } from "@jest/globals";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { LockedPart, SerialLock } from "../src/posts/lock.js";
import { eventUid } from "../src/schedule/ics.js";
import { allText, build, listFiles, makeSite, splitInto, type TestSite } from "./helpers/site.js";
import { readFeeds } from "./helpers/feeds.js";
import { prose } from "./helpers/report.js";
import { SAMPLE } from "./helpers/paths.js";

const run = promisify(execFile);
const PYTHON = "/usr/bin/python3";
const hasIcalendar =
  existsSync(PYTHON) &&
  (await run(PYTHON, ["-c", "import icalendar"]).then(
    () => true,
    () => false,
  ));
if (!hasIcalendar)
  console.warn(
    "SKIPPED iCalendar client check: /usr/bin/python3 with python3-icalendar is not installed (apt-get install python3-icalendar).",
  );

const SITE = "https://learning-together.example.org";
const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * Where an unreleased part's title, page or identity would show if the gate
 * leaked: its permalink, GUID and UUID anywhere; its title and section
 * titles as a whole element's text, in headings, page titles, feed titles,
 * "Part N: title" labels and JSON; its section ids as ids or link targets.
 * Prose that merely mentions the topic ("the role of facilitators") and the
 * plain-text rendering of a link into the part (`upcoming-link`) are not traces,
 * nor are `shared` titles (a released part's section may have the same title).
 */
function tracesOf(text: string, part: LockedPart, shared: string[] = []): string[] {
  const cleaned = text.replace(/<span class=\\?"upcoming-link\\?">[^<]*<\/span>/g, "");
  const titles = [part.title, ...part.sections.map((s) => s.title)].filter(
    (t) => !shared.includes(t),
  );
  const forms = [
    part.permalink,
    part.guid,
    part.guid.replace("urn:uuid:", ""),
    ...part.sections.flatMap((s) => [`id="${s.id}"`, `#${s.id}"`]),
    ...titles.flatMap((t) => [
      `>${escapeHtml(t)}<`,
      `>${escapeHtml(t)} <a class="self-link"`,
      `<title>${escapeHtml(t)}`,
      `${t} (Part `,
      `Part ${part.number}: ${t}`,
      `"title": "${t}`,
      `Link to this section: ${escapeHtml(t)}"`,
    ]),
  ];
  return forms.filter((f) => cleaned.includes(f));
}

const lockOf = async (site: TestSite) =>
  JSON.parse(await readFile(join(site.posts, "serial.lock.json"), "utf8")) as SerialLock;

const sitemapUrls = async (site: TestSite) => {
  const xml = await readFile(join(site.out, "sitemap.xml"), "utf8");
  expect(XMLValidator.validate(xml)).toBe(true);
  const set = new XMLParser().parse(xml).urlset;
  const urls = set?.url === undefined ? [] : Array.isArray(set.url) ? set.url : [set.url];
  return urls as { loc: string; lastmod?: string }[];
};

/** Events of schedule.ics as Debian's python3-icalendar reads them. */
const calendarEvents = async (site: TestSite) => {
  const script = [
    "import icalendar, json, sys",
    "cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())",
    "print(json.dumps([{'uid': str(e['UID']), 'summary': str(e['SUMMARY']), 'url': str(e['URL']),",
    "  'start': e['DTSTART'].dt.isoformat(), 'end': e['DTEND'].dt.isoformat()} for e in cal.walk('VEVENT')]))",
  ].join("\n");
  const { stdout } = await run(PYTHON, ["-c", script, join(site.out, "schedule.ics")]);
  return JSON.parse(stdout) as {
    uid: string;
    summary: string;
    url: string;
    start: string;
    end: string;
  }[];
};

describe.each([
  ["before the first release", "2026-10-06T06:59:59Z", 0],
  ["after the October DST change", "2026-11-01T00:00:00Z", 4],
  ["at part 7's release instant", "2026-11-17T08:00:00Z", 7],
])("the sample built %s (SERIAL_NOW=%s)", (_when, now, released) => {
  let site: TestSite;
  let lock: SerialLock;
  beforeAll(async () => {
    site = await makeSite();
    await splitInto(site, SAMPLE);
    await build(site, now);
    lock = await lockOf(site);
  });

  test(`has ${released} released parts in pages, feeds, sitemap, contents and the whole report`, async () => {
    const out = lock.parts.slice(0, released);
    const files = await listFiles(site.out);
    // A released part has its page (comment feeds come with its first comment); an unreleased one nothing.
    expect(files.filter((f) => f.startsWith("posts/"))).toEqual(
      out.map((p) => `posts/${p.slug}/index.html`).sort(),
    );
    const feeds = await readFeeds(site.out);
    expect([feeds.rssItems.length, feeds.atomEntries.length, feeds.jsonItems.length]).toEqual([
      released,
      released,
      released,
    ]);
    const urls = await sitemapUrls(site);
    expect(urls.map((u) => u.loc)).toEqual([
      `${SITE}/`,
      `${SITE}/contents/`,
      `${SITE}/report/`,
      ...out.map((p) => `${SITE}${p.permalink}`),
    ]);
    expect(urls.filter((u) => u.loc.includes("/posts/")).map((u) => u.lastmod)).toEqual(
      out.map((p) => p.date),
    );
    const contents = await readFile(join(site.out, "contents/index.html"), "utf8");
    expect(contents.match(/<li value="/g) ?? []).toHaveLength(released);
    expect(contents).toContain(`${released} of ${lock.parts.length} parts published.`);
    const report = await readFile(join(site.out, "report/index.html"), "utf8");
    expect(report.match(/class="report-part"/g) ?? []).toHaveLength(released);
  });

  test("no unreleased part leaves a title, page, GUID or section id anywhere under _site/", async () => {
    const text = await allText(site.out);
    const shared = lock.parts
      .slice(0, released)
      .flatMap((p) => [p.title, ...p.sections.map((s) => s.title)]);
    const leaks = lock.parts
      .slice(released)
      .map((p) => [p.title, tracesOf(text, p, shared)] as const)
      .filter(([, traces]) => traces.length > 0);
    expect(leaks).toEqual([]);
    // The check sees released parts, so it would see a leak.
    for (const p of lock.parts.slice(0, released))
      expect(tracesOf(text, p).length).toBeGreaterThan(3);
  });

  test("the report's image is published only once the part that shows it is out", async () => {
    const files = await listFiles(site.out);
    expect(files.includes("media/images/cop-cycle.svg")).toBe(released >= 2);
  });

  (hasIcalendar ? test : test.skip)(
    "schedule.ics has one event per part with the GUID's UUID, titles only for released parts",
    async () => {
      const events = await calendarEvents(site);
      expect(events.map((e) => [e.uid, e.start, e.summary, e.url])).toEqual(
        lock.parts.map((p, i) => [
          eventUid(p.guid),
          new Date(p.date).toISOString().replace(".000Z", "+00:00"),
          i < released
            ? `Learning Together, Part ${p.number}: ${p.title}`
            : `Learning Together, Part ${p.number} of ${lock.parts.length}`,
          i < released ? `${SITE}${p.permalink}` : `${SITE}/contents/`,
        ]),
      );
    },
  );
});

describe("the same site built under three machine time zones", () => {
  test("is byte-identical under TZ=America/Los_Angeles, Asia/Tokyo and UTC", async () => {
    const site = await makeSite({ announceUpcoming: true });
    await splitInto(site, SAMPLE);
    const builds: Map<string, Buffer>[] = [];
    for (const TZ of ["America/Los_Angeles", "Asia/Tokyo", "UTC"]) {
      await build(site, "2026-11-01T00:00:00Z", { TZ });
      const files = await listFiles(site.out);
      const contents = await Promise.all(files.map((f) => readFile(join(site.out, f))));
      builds.push(new Map(files.map((f, i) => [f, contents[i]!])));
    }
    const [la, tokyo, utc] = builds as [
      Map<string, Buffer>,
      Map<string, Buffer>,
      Map<string, Buffer>,
    ];
    // 14 files of the site, and the discussion page with its 3 feeds.
    expect(la.size).toBe(18);
    for (const other of [tokyo, utc]) {
      expect([...other.keys()]).toEqual([...la.keys()]);
      const differ = [...la.keys()].filter((f) => !la.get(f)!.equals(other.get(f)!));
      expect(differ).toEqual([]);
    }
  });

  test("a part at 20:00 on 19 February 2020 in Los Angeles (04:00Z on the 20th) shows the 19th under TZ=UTC and Asia/Tokyo", async () => {
    const dir = await mkdtemp(join(tmpdir(), "serialpress-la-"));
    const report = join(dir, "la.md");
    await writeFile(
      report,
      `---\ntitle: Pacific\nseries:\n  start: 2020-02-19\n  time: "20:00"\n  timezone: America/Los_Angeles\n---\n# Evening edition\n\n${prose(40)}\n`,
    );
    const site = await makeSite();
    await splitInto(site, report);
    for (const TZ of ["UTC", "Asia/Tokyo"]) {
      await build(site, "2020-02-20T04:00:00Z", { TZ });
      const html = await readFile(join(site.out, "posts/evening-edition/index.html"), "utf8");
      expect(html).toContain(
        '<time datetime="2020-02-19T20:00:00-08:00">Wednesday 19 February 2020</time>',
      );
      const contents = await readFile(join(site.out, "contents/index.html"), "utf8");
      expect(contents).toContain(
        '<a href="/posts/evening-edition/">Evening edition</a>\n    <span class="contents-meta">Part 1 · <time datetime="2020-02-19T20:00:00-08:00">Wednesday 19 February 2020</time>',
      );
    }
    const sitemap = await sitemapUrls(site);
    expect(sitemap.at(-1)).toEqual({
      loc: "https://learning-together.example.org/posts/evening-edition/",
      lastmod: "2020-02-19T20:00:00-08:00",
    });
  });
});

describe("site settings for the schedule", () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await makeSite({ announceUpcoming: true, calendar: false });
    await splitInto(site, SAMPLE);
    await build(site, "2026-11-01T00:00:00Z");
  });

  test("announceUpcoming: the contents page names the next part's number and date, not its title", async () => {
    const contents = await readFile(join(site.out, "contents/index.html"), "utf8");
    expect(contents).toContain(
      '<p class="upcoming">Part 5 comes on <time datetime="2026-11-03T09:00:00+01:00">Tuesday 3 November 2026</time>.</p>',
    );
    const lock = await lockOf(site);
    expect(tracesOf(await allText(site.out), lock.parts[4]!)).toEqual([]);
  });

  test("calendar: false publishes no schedule.ics and no link to it", async () => {
    expect(existsSync(join(site.out, "schedule.ics"))).toBe(false);
    expect(await allText(site.out)).not.toContain("schedule.ics");
  });

  test("by default the contents page links the calendar and announces nothing", async () => {
    const plain = await makeSite();
    await splitInto(plain, SAMPLE);
    await build(plain, "2026-11-01T00:00:00Z");
    const contents = await readFile(join(plain.out, "contents/index.html"), "utf8");
    expect(contents).toContain(
      '<p class="calendar-link"><a href="/schedule.ics">Add the release dates to your calendar (iCalendar).</a></p>',
    );
    expect(contents).not.toContain('class="upcoming"');
    expect(contents).not.toContain("comes on");
  });
});
