import { describe, expect, test } from "@jest/globals";
import type { LockedPart } from "../src/posts/lock.js";
import { eventUid, renderCalendar } from "../src/schedule/ics.js";
import { imagesOf } from "../src/site/media.js";
import { renderSitemap, sitemapEntries } from "../src/site/sitemap.js";

const part = (number: number, date: string, extra: Partial<LockedPart> = {}): LockedPart => ({
  id: `p${number}`,
  number,
  slug: `p${number}`,
  permalink: `/posts/p${number}/`,
  guid: `urn:uuid:00000000-0000-5000-8000-00000000000${number}`,
  title: `Title ${number}`,
  date,
  file: `p${number}.md`,
  sections: [],
  anchors: [],
  opensWithHeading: true,
  words: 700,
  hash: "",
  fileHash: "",
  ...extra,
});

const parts = [
  part(1, "2027-03-30T09:00:00+02:00", { updated: "2027-04-02T10:00:00+02:00" }),
  part(2, "2027-04-06T09:00:00+02:00"),
];

describe("sitemap.xml", () => {
  test("lists series pages and released parts with lastmod, nothing of an unreleased part", () => {
    const entries = sitemapEntries(
      "https://s.example",
      parts,
      new Date("2027-04-03T00:00:00Z"),
      ["/", "/contents/"],
      ["/posts/p1/", "/about/"],
    );
    expect(entries).toEqual([
      { loc: "https://s.example/", lastmod: "2027-04-02T10:00:00+02:00" },
      { loc: "https://s.example/contents/", lastmod: "2027-04-02T10:00:00+02:00" },
      { loc: "https://s.example/posts/p1/", lastmod: "2027-04-02T10:00:00+02:00" },
      { loc: "https://s.example/about/" },
    ]);
  });

  test("percent-encodes non-ASCII paths and escapes XML", () => {
    expect(
      renderSitemap([
        { loc: "https://s.example/posts/введение/?a=1&b=2" },
        { loc: "https://s.example/", lastmod: "2027-03-30T09:00:00+02:00" },
      ]),
    ).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        "  <url><loc>https://s.example/posts/%D0%B2%D0%B2%D0%B5%D0%B4%D0%B5%D0%BD%D0%B8%D0%B5/?a=1&amp;b=2</loc></url>",
        "  <url><loc>https://s.example/</loc><lastmod>2027-03-30T09:00:00+02:00</lastmod></url>",
        "</urlset>",
        "",
      ].join("\n"),
    );
  });
});

describe("schedule.ics", () => {
  test("one event per part in UTC; the unreleased part has no title and links to the contents", () => {
    const ics = renderCalendar({
      name: "Series, with comma",
      siteUrl: "https://s.example",
      path: "/schedule.ics",
      contents: "/contents/",
      parts,
      now: new Date("2027-04-03T00:00:00Z"),
    });
    expect(ics.split("\r\n")).toEqual([
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//serialpress//serialpress//EN",
      "URL:https://s.example/schedule.ics",
      "NAME:Series\\, with comma",
      "X-WR-CALNAME:Series\\, with comma",
      "X-WR-CALDESC:Release dates of Series\\, with comma\\, one event per part.",
      "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
      "X-PUBLISHED-TTL:PT6H",
      "BEGIN:VEVENT",
      `UID:${eventUid(parts[0]!.guid)}`,
      "SEQUENCE:0",
      "DTSTAMP:20270402T080000Z",
      "DTSTART:20270330T070000Z",
      "DTEND:20270330T070300Z",
      "SUMMARY:Series\\, with comma\\, Part 1: Title 1",
      "DESCRIPTION:Part 1 of 2 of Series\\, with comma: Title 1. https://s.example",
      " /posts/p1/",
      "URL;VALUE=URI:https://s.example/posts/p1/",
      "LAST-MODIFIED:20270402T080000Z",
      "END:VEVENT",
      "BEGIN:VEVENT",
      `UID:${eventUid(parts[1]!.guid)}`,
      "SEQUENCE:0",
      "DTSTAMP:20270402T080000Z",
      "DTSTART:20270406T070000Z",
      "DTEND:20270406T070300Z",
      "SUMMARY:Series\\, with comma\\, Part 2 of 2",
      "DESCRIPTION:Part 2 of 2 of Series\\, with comma comes out. Find it on the c",
      " ontents page: https://s.example/contents/",
      "URL;VALUE=URI:https://s.example/contents/",
      "END:VEVENT",
      "END:VCALENDAR",
      // RFC 5545 §3.4: the last line ends with CRLF too (ical-generator left it off).
      "",
    ]);
  });

  test("no line is longer than 75 octets and none is folded inside a character", () => {
    const long = "Aprender juntos — comunidades de práctica 学び合う共同体 🌍 ".repeat(4);
    const ics = renderCalendar({
      name: long,
      siteUrl: "https://s.example",
      path: "/schedule.ics",
      contents: "/contents/",
      parts: parts.map((p) => ({ ...p, title: long })),
      now: new Date("2027-04-03T00:00:00Z"),
    });
    const lines = ics.split("\r\n");
    expect(Math.max(...lines.map((l) => Buffer.byteLength(l)))).toBeLessThanOrEqual(75);
    expect(lines.some((l) => Buffer.byteLength(l) === 75)).toBe(true);
    const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    expect(lines.filter((l) => lone.test(l))).toEqual([]);
    // Unfolded (RFC 5545 §3.1), the text is whole again.
    expect(ics.replace(/\r\n /g, "")).toContain(`X-WR-CALNAME:${long}`);
  });

  test("event UIDs are stable UUIDs derived from the GUID, not the GUID itself", () => {
    const uid = eventUid("urn:uuid:00000000-0000-5000-8000-000000000001");
    expect(uid).toBe(eventUid("urn:uuid:00000000-0000-5000-8000-000000000001"));
    expect(uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uid).not.toBe("00000000-0000-5000-8000-000000000001");
  });
});

describe("images of a post", () => {
  test("relative image paths only, once each, including images inside links and tables", () => {
    expect(
      imagesOf(
        "![a](images/a.svg) ![b](https://x.example/b.png) ![c](/c.png)\n\n[![d](d.png)](#x)\n\n| x |\n|---|\n| ![a](images/a.svg) |\n",
      ),
    ).toEqual(["images/a.svg", "d.png"]);
  });
});
