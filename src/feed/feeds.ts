import { Feed } from "feed";

/** One released part as a feed item. */
export interface FeedItemInput {
  /** GUID from the lock file (RSS `guid`, Atom `id`, JSON Feed `id`). */
  guid: string;
  title: string;
  /** Absolute URL of the part's page. */
  url: string;
  /** Release date, ISO 8601 with offset. */
  published: string;
  /** Last change, ISO 8601 with offset; absent when never changed. */
  updated?: string;
  /** Full HTML of the part with absolute URLs only. */
  html: string;
  partNumber: number;
  /** Comment URL for the whole part. */
  commentUrl: string;
}

/** The feed's own metadata. */
export interface FeedInput {
  title: string;
  description: string;
  /** Absolute URL of the site's home page, with trailing slash. */
  home: string;
  /** Absolute URLs of the three feeds. */
  links: { rss: string; atom: string; json: string };
  language: string;
  author: { name: string; email?: string; link?: string };
  items: FeedItemInput[];
}

// feed 6.0.0 lets C0 controls (bar tab, LF, CR) and U+FFFE/U+FFFF through,
// which strict XML parsers reject (XML 1.0 §2.2 Char production).
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const clean = (s: string) => s.replace(NOT_XML_CHAR, "");

/**
 * Renders RSS 2.0, Atom 1.0 (RFC 4287) and JSON Feed 1.1 for released parts,
 * newest first, with the `feed` package. The feed's own `updated` is the
 * newest item's change (never the build time), so rebuilding the same posts
 * gives the same bytes. RSS `pubDate` is the release date; Atom `updated`
 * and JSON `date_modified` the last change.
 */
export function renderFeeds(input: FeedInput): { rss: string; atom: string; json: string } {
  const items = [...input.items].sort(
    (a, b) => Date.parse(b.published) - Date.parse(a.published) || b.partNumber - a.partNumber,
  );
  const lastChange = (i: FeedItemInput) => new Date(i.updated ?? i.published);
  const newest = items.reduce<Date>((d, i) => (lastChange(i) > d ? lastChange(i) : d), new Date(0));
  const make = (dateOf: (i: FeedItemInput) => Date) => {
    const feed = new Feed({
      title: clean(input.title),
      description: clean(input.description),
      id: input.home,
      link: input.home,
      language: input.language,
      updated: newest,
      generator: "serialpress",
      feedLinks: input.links,
      author: input.author,
      copyright: `© ${input.author.name}`,
    });
    for (const item of items) {
      feed.addItem({
        title: clean(item.title),
        id: item.guid,
        guid: item.guid,
        link: item.url,
        date: dateOf(item),
        published: new Date(item.published),
        content: clean(item.html),
        author: [input.author],
      });
    }
    return feed;
  };
  const rss = make((i) => new Date(i.published)).rss2();
  const forAtom = make(lastChange);
  const json = JSON.parse(forAtom.json1()) as Record<string, unknown>;
  // feed 6.0.0 writes version 1; the fields we emit follow JSON Feed 1.1.
  json.version = "https://jsonfeed.org/version/1.1";
  return { rss, atom: forAtom.atom1(), json: `${JSON.stringify(json, null, 2)}\n` };
}
