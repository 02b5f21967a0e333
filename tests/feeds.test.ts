import { describe, expect, test } from "@jest/globals";
import { renderFeeds, type FeedInput, type FeedItemInput } from "../src/feed/feeds.js";
import { absoluteUrl, absoluteUrls } from "../src/feed/absolute.js";
import { clients, PYTHON, xmllint } from "./helpers/clients.js";
import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
import {
  atomProblems,
  jsonFeedProblems,
  parseStrict,
  rssProblems,
  textOf,
  urlsIn,
} from "./helpers/feeds.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- parsed XML is walked by element name */

const SITE = "https://example.org";
const TWO_ENDS = "a[b[0]]>c and x[y[1]]>z";

const item = (n: number, overrides: Partial<FeedItemInput> = {}): FeedItemInput => ({
  guid: `urn:uuid:00000000-0000-4000-8000-00000000000${n}`,
  title: `Part title ${n}`,
  url: `${SITE}/posts/p${n}/`,
  published: `2027-01-0${n}T09:00:00+01:00`,
  html: `<p>Body ${n}</p>\n`,
  partNumber: n,
  commentUrl: `mailto:list@example.org?subject=Part%20${n}&body=About`,
  ...overrides,
});

const input = (items: FeedItemInput[], overrides: Partial<FeedInput> = {}): FeedInput => ({
  title: "Series",
  description: "A series.",
  home: `${SITE}/`,
  contents: `${SITE}/contents/`,
  links: { rss: `${SITE}/feed.xml`, atom: `${SITE}/atom.xml`, json: `${SITE}/feed.json` },
  language: "en",
  author: { name: "Ann Author" },
  total: 4,
  items,
  ...overrides,
});

const rssItems = (xml: string) => (parseStrict(xml) as any).rss[0].channel[0].item as any[];
const atomEntries = (xml: string) => (parseStrict(xml) as any).feed[0].entry as any[];

describe("a title and a body containing a[b[0]]>c and x[y[1]]>z", () => {
  const feeds = renderFeeds(
    input([item(1, { title: TWO_ENDS, html: `<p>${TWO_ENDS}</p>\n` })], { total: 1 }),
  );

  (clients.xmllint ? test : test.skip).each(["rss", "atom"] as const)(
    "the %s feed passes xmllint with no message",
    async (format) => {
      expect(await xmllint(feeds[format])).toBe("");
    },
  );

  test("RSS, Atom and JSON give the title and body text exactly", () => {
    const body = `<p>${TWO_ENDS}</p>\n`;
    const rss = rssItems(feeds.rss)[0];
    expect(textOf(rss.title[0])).toBe(`${TWO_ENDS} (Part 1 of 1)`);
    expect(textOf(rss["content:encoded"][0])).toContain(body);
    const atom = atomEntries(feeds.atom)[0];
    // Atom's title is type="text": the text itself.
    expect(textOf(atom.title[0])).toBe(`${TWO_ENDS} (Part 1 of 1)`);
    expect(textOf(atom.content[0])).toContain(body);
    const json = JSON.parse(feeds.json);
    expect(json.items[0].title).toBe(`${TWO_ENDS} (Part 1 of 1)`);
    expect(json.items[0].content_html).toContain(body);
  });
});

describe("parts dated 01-01, 01-02 and 01-03", () => {
  const parts = [item(2), item(1), item(3)];
  const feeds = renderFeeds(input(parts));

  test("the feed's updated is 01-03 in RSS and Atom; items newest first in all three", () => {
    const rss = (parseStrict(feeds.rss) as any).rss[0].channel[0];
    expect(textOf(rss.lastBuildDate[0])).toBe("Sun, 03 Jan 2027 08:00:00 GMT");
    expect(textOf((parseStrict(feeds.atom) as any).feed[0].updated[0])).toBe(
      "2027-01-03T08:00:00.000Z",
    );
    const order = ["Part title 3", "Part title 2", "Part title 1"].map(
      (t, i) => `${t} (Part ${3 - i} of 4)`,
    );
    expect(rss.item.map((i: any) => textOf(i.title[0]))).toEqual(order);
    expect(atomEntries(feeds.atom).map((e) => textOf(e.title[0]))).toEqual(order);
    expect(JSON.parse(feeds.json).items.map((i: any) => i.title)).toEqual(order);
  });

  test("rendering the same parts again, in another order, gives identical bytes", () => {
    expect(renderFeeds(input([item(3), item(1), item(2)]))).toEqual(feeds);
  });

  test("an edited part keeps its release date as published and shows its change as updated", () => {
    const edited = renderFeeds(input([item(1, { updated: "2027-01-05T10:30:00+01:00" }), item(2)]));
    const rss = rssItems(edited.rss).find((i) => textOf(i.guid[0]).endsWith("1"));
    expect(textOf(rss.pubDate[0])).toBe("Fri, 01 Jan 2027 08:00:00 GMT");
    const atom = atomEntries(edited.atom).find((e) => textOf(e.id[0]).endsWith("1"));
    expect([textOf(atom.published[0]), textOf(atom.updated[0])]).toEqual([
      "2027-01-01T08:00:00.000Z",
      "2027-01-05T09:30:00.000Z",
    ]);
    const json = JSON.parse(edited.json).items.find((i: any) => i.id.endsWith("1"));
    expect([json.date_published, json.date_modified]).toEqual([
      "2027-01-01T08:00:00.000Z",
      "2027-01-05T09:30:00.000Z",
    ]);
    expect(textOf((parseStrict(edited.atom) as any).feed[0].updated[0])).toBe(
      "2027-01-05T09:30:00.000Z",
    );
  });
});

describe("the way back to the discussion", () => {
  const feeds = renderFeeds(input([item(2)]));
  const comment = "mailto:list@example.org?subject=Part%202&body=About";

  test("each item's content says Part N of M, links the contents, and ends with the part's comment link", () => {
    const content = textOf(rssItems(feeds.rss)[0]["content:encoded"][0]);
    expect(content).toBe(
      `<p class="series-line"><a href="${SITE}/contents/">Series</a> · Part 2 of 4</p>\n` +
        "<p>Body 2</p>\n" +
        `<p class="comment-link comment-part"><a href="${comment.replace("&", "&amp;")}">Comment on this part</a></p>\n`,
    );
  });

  test("RSS has <comments> with the comment URL", () => {
    expect(textOf(rssItems(feeds.rss)[0].comments[0])).toBe(comment);
    expect(feeds.rss).toContain(`<comments>${comment.replace("&", "&amp;")}</comments>`);
  });

  test("Atom has an RFC 4685 replies link, with the thr namespace declared on the feed", () => {
    expect(feeds.atom).toContain(
      '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0">',
    );
    const replies = atomEntries(feeds.atom)[0].link.filter((l: any) => l["@rel"] === "replies");
    expect(replies).toEqual([{ "@rel": "replies", "@type": "message/rfc822", "@href": comment }]);
  });

  test("an http comment URL gets type text/html", () => {
    const http = renderFeeds(input([item(1, { commentUrl: `${SITE}/talk/1` })]));
    expect(http.atom).toContain(`<link rel="replies" type="text/html" href="${SITE}/talk/1"/>`);
  });

  test("JSON Feed items carry _serialpress with the part number and comment URL", () => {
    expect(JSON.parse(feeds.json).items[0]._serialpress).toEqual({
      part: 2,
      parts: 4,
      comments_url: comment,
      contents_url: `${SITE}/contents/`,
    });
  });

  test("without a comment URL there is no comments element, replies link or comments_url", () => {
    const none = renderFeeds(input([item(1, { commentUrl: "" })]));
    expect(none.rss).not.toContain("<comments>");
    expect(none.atom).not.toContain("replies");
    expect(JSON.parse(none.json).items[0]._serialpress).toEqual({
      part: 1,
      parts: 4,
      contents_url: `${SITE}/contents/`,
    });
  });
});

describe("required elements and schemas", () => {
  const feeds = renderFeeds(input([item(1), item(2, { updated: "2027-01-04T00:00:00Z" })]));

  test("RSS has what RSS 2.0 requires; Atom what RFC 4287 requires; JSON matches the JSON Feed 1.1 schema", () => {
    expect(rssProblems(feeds.rss)).toEqual([]);
    expect(atomProblems(feeds.atom)).toEqual([]);
    expect(jsonFeedProblems(JSON.parse(feeds.json))).toEqual([]);
  });

  test("the checks catch what is missing", () => {
    expect(rssProblems(feeds.rss.replace(/<link>[^<]*<\/link>\n/, ""))).toEqual([
      "channel has 0 <link>",
    ]);
    expect(atomProblems(feeds.atom.replace(/<id>urn[^<]*<\/id>/, ""))).toEqual([
      "entry 1 has 0 <id>",
    ]);
    const json = JSON.parse(feeds.json);
    delete json.items[0].content_html;
    json.version = "https://jsonfeed.org/version/1";
    expect(jsonFeedProblems(json)).toEqual([
      "/version must be equal to constant",
      "/items/0 must have required property 'content_html'",
      "/items/0 must have required property 'content_text'",
      "/items/0 must match a schema in anyOf",
    ]);
  });

  test("an author with no email goes in dc:creator, never in RSS <author> (which must be an email)", () => {
    expect(feeds.rss).toContain("<dc:creator>Ann Author</dc:creator>");
    expect(feeds.rss).not.toContain("<author>");
    const withEmail = renderFeeds(
      input([item(1)], { author: { name: "Ann", email: "ann@example.org" } }),
    );
    expect(withEmail.rss).toContain("<author>ann@example.org (Ann)</author>");
    expect(withEmail.rss).not.toContain("dc:creator");
  });

  test("control characters in the series name and an item are dropped from all three feeds", () => {
    const dirty = renderFeeds(
      input([item(1, { title: "Bad\u0007 title", html: "<p>x\u001Fy</p>" })], {
        title: "S\u0000eries",
      }),
    );
    expect(textOf((parseStrict(dirty.atom) as any).feed[0].title[0])).toBe("Series");
    expect(textOf(rssItems(dirty.rss)[0].title[0])).toBe("Bad title (Part 1 of 4)");
    expect(JSON.parse(dirty.json).items[0].content_html).toContain("<p>xy</p>");
  });
});

describe("titles", () => {
  test("Atom titles are plain text (type=text), so readers show & and <, never entities; RSS and JSON keep the text", () => {
    const feeds = renderFeeds(input([item(1, { title: "Authors & <facilitators>" })]));
    expect(feeds.atom).toContain(
      '<title type="text"><![CDATA[Authors & <facilitators> (Part 1 of 4)]]></title>',
    );
    expect(feeds.atom).not.toContain('type="html"><![CDATA[Authors');
    expect(feeds.rss).toContain(
      "<title><![CDATA[Authors & <facilitators> (Part 1 of 4)]]></title>",
    );
    expect(JSON.parse(feeds.json).items[0].title).toBe("Authors & <facilitators> (Part 1 of 4)");
  });

  test("a blank part title (a heading made only of an image) gives the title Part N of M", () => {
    const feeds = renderFeeds(input([item(3, { title: " " })]));
    expect(JSON.parse(feeds.json).items[0].title).toBe("Part 3 of 4");
    expect(textOf(rssItems(feeds.rss)[0].title[0])).toBe("Part 3 of 4");
  });

  test("a page URL with non-ASCII characters is percent-encoded in all three feeds", () => {
    const feeds = renderFeeds(input([item(1, { url: `${SITE}/posts/مساهمة/` })]));
    const encoded = `${SITE}/posts/%D9%85%D8%B3%D8%A7%D9%87%D9%85%D8%A9/`;
    expect(textOf(rssItems(feeds.rss)[0].link[0])).toBe(encoded);
    expect(atomEntries(feeds.atom)[0].link[0]["@href"]).toBe(encoded);
    expect(JSON.parse(feeds.json).items[0].url).toBe(encoded);
  });
});

describe("absolute URLs in item content", () => {
  const base = `${SITE}/posts/part-2/`;

  test("href, src, every srcset candidate and #anchor resolve against the part's page", async () => {
    const html = await absoluteUrls(
      '<p><img src="/img/c.png" srcset="a.png 1x, ../b/b.png 2x" alt=""> <a href="../part-3/">next</a> ' +
        '<a href="#setup">see setup</a> <a href="/posts/part-1/#setup">there</a></p>',
      base,
    );
    expect(urlsIn(html)).toEqual([
      `${SITE}/img/c.png`,
      `${SITE}/posts/part-2/a.png`,
      `${SITE}/posts/b/b.png`,
      `${SITE}/posts/part-3/`,
      `${SITE}/posts/part-2/#setup`,
      `${SITE}/posts/part-1/#setup`,
    ]);
  });

  test("only URL values change: the rest of the HTML stays byte for byte (issue 15)", () => {
    const html = [
      '<p title="see x.html">A &amp; B <img src=\'a.png\' alt="" /> <a data-href="x/" href=y/>y</a></p>',
      '<!-- <a href="z/"> -->',
      "<script>document.write('<a href=\"w/\">')</script>",
      '<a href="q?a=1&amp;b=2" ping="p1 /p2">q</a><meta http-equiv="Refresh" content="5; url=r/">',
      '<meta name="x" content="not/a/url"><a href>bare</a>',
    ].join("\n");
    expect(absoluteUrls(html, base)).toBe(
      [
        `<p title="see x.html">A &amp; B <img src='${base}a.png' alt="" /> <a data-href="x/" href=${base}y/>y</a></p>`,
        '<!-- <a href="z/"> -->',
        "<script>document.write('<a href=\"w/\">')</script>",
        `<a href="${base}q?a=1&amp;b=2" ping="${base}p1 ${SITE}/p2">q</a><meta http-equiv="Refresh" content="5; url=${base}r/">`,
        '<meta name="x" content="not/a/url"><a href>bare</a>',
      ].join("\n"),
    );
  });

  test("absolute URLs are kept byte for byte; unparsable references stay as written", () => {
    const mailto = "mailto:a@example.org?subject=%5BX%5D%20y&body=z";
    expect(absoluteUrl(mailto, base)).toBe(mailto);
    expect(absoluteUrl("HTTPS://Example.org/A", base)).toBe("HTTPS://Example.org/A");
    expect(absoluteUrl("//cdn.example.org/x.png", base)).toBe("https://cdn.example.org/x.png");
    expect(absoluteUrl("http://[bad", base)).toBe("http://[bad");
    expect(absoluteUrl("", base)).toBe("");
  });
});

describe("a feed reader's view of titles (issue 15)", () => {
  const maybe = clients.feedparser ? test : test.skip;
  maybe(
    "Debian's feedparser hands applications the Atom title with & and <, not entities",
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "serialpress-titles-"));
      const file = join(dir, "atom.xml");
      await writeFile(
        file,
        renderFeeds(input([item(1, { title: "Fish & chips <in> Kitui" })])).atom,
      );
      const { stdout } = await run(PYTHON, [
        "-c",
        "import feedparser, json, sys; e = feedparser.parse(sys.argv[1]).entries[0]; print(json.dumps([e.title, e.title_detail.type]))",
        file,
      ]);
      expect(JSON.parse(stdout)).toEqual(["Fish & chips <in> Kitui (Part 1 of 4)", "text/plain"]);
    },
  );
});
