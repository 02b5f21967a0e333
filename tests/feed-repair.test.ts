import { describe, expect, jest, test } from "@jest/globals";
import { Feed } from "feed";
import {
  addAtomEntryChildren,
  cdataText,
  closeCdata,
  declareNamespaces,
  jsonFeed11,
  newestDate,
  xmlChars,
  xmlElement,
  xmlText,
} from "../src/feed/repair.js";
import { clients, xmllint } from "./helpers/clients.js";
import { parseStrict, textOf } from "./helpers/feeds.js";

const withXmllint = clients.xmllint ? test : test.skip;

// Each defect of feed 6.0.0 is shown on the raw package, then its repair.
// When `feed` is fixed, the "raw" assertion fails and the repair can go.

const feedWith = (title: string, content: string, feedTitle = "T") => {
  const feed = new Feed({
    title: feedTitle,
    id: "https://example.org/",
    link: "https://example.org/",
    updated: new Date("2027-01-03T09:00:00Z"),
    author: { name: "A" },
  });
  feed.addItem({
    title,
    id: "urn:uuid:00000000-0000-4000-8000-000000000001",
    link: "https://example.org/posts/a/",
    date: new Date("2027-01-01T09:00:00Z"),
    content,
  });
  return feed;
};

const TWO_ENDS = "a[b[0]]>c and x[y[1]]>z";

describe("defect 1: only the first ]]> in a CDATA text is escaped", () => {
  withXmllint(
    "xmllint rejects raw feed output with two ]]> in a title, and accepts the repair",
    async () => {
      expect(await xmllint(feedWith(TWO_ENDS, "x").rss2())).toContain(
        "Sequence ']]>' not allowed in content",
      );
      expect(await xmllint(closeCdata(feedWith(cdataText(TWO_ENDS), "x").rss2()))).toBe("");
    },
  );

  test("cdataText + closeCdata: RSS and Atom read back the title and content exactly", () => {
    const feed = feedWith(cdataText(TWO_ENDS), cdataText(`<p>${TWO_ENDS}]]>]]></p>`));
    const rss = parseStrict(closeCdata(feed.rss2())) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    const item = rss.rss[0].channel[0].item[0];
    expect(textOf(item.title[0])).toBe(TWO_ENDS);
    expect(textOf(item["content:encoded"][0])).toBe(`<p>${TWO_ENDS}]]>]]></p>`);
    const atom = parseStrict(closeCdata(feed.atom1())) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(textOf(atom.feed[0].entry[0].title[0])).toBe(TWO_ENDS);
    expect(textOf(atom.feed[0].entry[0].content[0])).toBe(`<p>${TWO_ENDS}]]>]]></p>`);
  });

  test("closeCdata writes the standard split at every end mark", () => {
    expect(closeCdata(`<t><![CDATA[${cdataText("a]]>b]]>c")}]]></t>`)).toBe(
      "<t><![CDATA[a]]]]><![CDATA[>b]]]]><![CDATA[>c]]></t>",
    );
  });
});

describe("defect 2: control characters pass through", () => {
  withXmllint(
    "xmllint rejects raw feed output with U+0001 in a title, and accepts the repair",
    async () => {
      expect(await xmllint(feedWith("a\u0001b", "x").atom1())).toContain(
        "PCDATA invalid Char value 1",
      );
      expect(await xmllint(feedWith(xmlChars("a\u0001b"), "x").atom1())).toBe("");
    },
  );

  test("xmlChars removes exactly the characters XML 1.0 §2.2 forbids", () => {
    expect(xmlChars("a\u0000b\u0008c\td\ne\rf\u000Bg\u001Fh\uFFFEi\uFFFFj\uD800k😀l")).toBe(
      "abc\td\ne\rfghijk😀l",
    );
  });

  test("xmlText keeps a literal &amp; that xml-js would turn into &", () => {
    const raw = parseStrict(feedWith("t", "x", "Fish &amp; chips").atom1()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(textOf(raw.feed[0].title[0])).toBe("Fish & chips");
    const fixed = parseStrict(feedWith("t", "x", xmlText("Fish &amp; chips")).atom1()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(textOf(fixed.feed[0].title[0])).toBe("Fish &amp; chips");
  });
});

describe("defect 3: extension elements get no namespace declaration", () => {
  const withCreator = () => {
    const feed = new Feed({
      title: "T",
      id: "https://example.org/",
      link: "https://example.org/",
      updated: new Date(0),
    });
    feed.addItem({
      title: "t",
      link: "https://example.org/a/",
      date: new Date(0),
      extensions: [{ name: "dc:creator", objects: { _text: "A" } }],
    });
    return feed.rss2();
  };

  test("raw RSS uses dc:creator without declaring dc", () => {
    expect(withCreator()).toContain("<dc:creator>A</dc:creator>");
    expect(withCreator()).not.toContain("xmlns:dc");
  });

  withXmllint(
    "xmllint reports the undeclared prefix (exit code 0), and nothing after the repair",
    async () => {
      expect(await xmllint(withCreator())).toContain(
        "Namespace prefix dc on creator is not defined",
      );
      expect(await xmllint(declareNamespaces(withCreator()))).toBe("");
    },
  );

  test("declareNamespaces declares used and requested prefixes on the root, sorted", () => {
    expect(declareNamespaces(withCreator(), ["thr"]).split("\n")[1]).toBe(
      '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:thr="http://purl.org/syndication/thread/1.0">',
    );
  });

  test("prefixes in CDATA, text and attribute values are not taken for namespaces", () => {
    const xml =
      '<?xml version="1.0"?>\n<r a="x:y=1"><t>a:b = c</t><c><![CDATA[<q:r s:t="1"/>]]></c></r>';
    expect(declareNamespaces(xml)).toBe(xml);
  });

  test("a prefix with no known namespace is an error", () => {
    expect(() => declareNamespaces("<r><zz:x/></r>")).toThrow(
      'declareNamespaces: no namespace URI known for prefix "zz"',
    );
  });
});

describe("defect 4: Atom ignores item extensions", () => {
  const atom = () => {
    const feed = feedWith("t", "<p>an example: </entry> in text</p>");
    feed.addItem({
      title: "u",
      id: "urn:uuid:00000000-0000-4000-8000-000000000002",
      link: "https://example.org/posts/b/",
      date: new Date(0),
      extensions: [{ name: "thr:total", objects: { _text: "3" } }],
    });
    return feed.atom1();
  };

  test("raw Atom drops an item's extension", () => {
    expect(atom()).not.toContain("thr:total");
  });

  test("addAtomEntryChildren appends to each entry in order, never inside CDATA", () => {
    const out = addAtomEntryChildren(atom(), [
      xmlElement("link", { rel: "replies", href: "https://example.org/c?a=1&b=<2>" }),
      "",
    ]);
    const entries = out.split("<entry>").slice(1);
    expect(entries[0]).toContain(
      '        <link rel="replies" href="https://example.org/c?a=1&amp;b=&lt;2&gt;"/>\n    </entry>',
    );
    expect(entries[0]).toContain("<p>an example: </entry> in text</p>");
    expect(entries[1]).not.toContain("replies");
  });

  test("a count of children that differs from the entries is an error", () => {
    expect(() => addAtomEntryChildren(atom(), [""])).toThrow(
      "addAtomEntryChildren: 2 entries but 1 sets of children",
    );
  });
});

describe("defect 5: the JSON feed says version 1", () => {
  test("raw JSON says version 1; jsonFeed11 gives 1.1 with authors and language, keys in a fixed order", () => {
    const raw = feedWith("t", "<p>x</p>");
    raw.items[0]!.author = [{ name: "A" }];
    const json = raw.json1();
    expect(JSON.parse(json).version).toBe("https://jsonfeed.org/version/1");
    expect(jsonFeed11(json, "en")).toBe(
      `${JSON.stringify(
        {
          version: "https://jsonfeed.org/version/1.1",
          title: "T",
          home_page_url: "https://example.org/",
          author: { name: "A" },
          authors: [{ name: "A" }],
          language: "en",
          items: [
            {
              id: "urn:uuid:00000000-0000-4000-8000-000000000001",
              content_html: "<p>x</p>",
              url: "https://example.org/posts/a/",
              title: "t",
              date_modified: "2027-01-01T09:00:00.000Z",
              author: { name: "A" },
              authors: [{ name: "A" }],
            },
          ],
        },
        null,
        2,
      )}\n`,
    );
  });
});

describe("defect 6: a feed without updated is stamped with the build time", () => {
  test("raw Atom without updated says the current time", () => {
    jest.useFakeTimers({ now: new Date("2031-05-05T10:00:00Z") });
    try {
      const feed = new Feed({ title: "T", id: "https://example.org/" });
      expect(feed.atom1()).toContain("<updated>2031-05-05T10:00:00.000Z</updated>");
    } finally {
      jest.useRealTimers();
    }
  });

  test("newestDate is the newest date given, or the epoch for none", () => {
    const d = (s: string) => new Date(s);
    expect(
      newestDate([d("2027-01-02T00:00:00Z"), d("2027-01-03T00:00:00Z"), d("2027-01-01T00:00:00Z")]),
    ).toEqual(d("2027-01-03T00:00:00Z"));
    expect(newestDate([])).toEqual(d("1970-01-01T00:00:00Z"));
  });
});
