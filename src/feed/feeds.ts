import { Feed, type Author, type Extension, type Item } from "feed";
import {
  addAtomEntryChildren,
  atomTextTitles,
  cdataText,
  closeCdata,
  declareNamespaces,
  jsonFeed11,
  newestDate,
  xmlChars,
  xmlElement,
  xmlText,
} from "./repair.js";
import { escapeHtml } from "../escape.js";
import { uiFor, type Ui } from "../site/i18n.js";

/** One released part as a feed item. */
export interface FeedItemInput {
  /** GUID from the lock file (RSS `guid`, Atom `id`, JSON Feed `id`); a URI such as `urn:uuid:…`. */
  guid: string;
  /** The part's own title; the feeds add "(Part N of M)". */
  title: string;
  /** Absolute URL of the part's page. */
  url: string;
  /** Release date, ISO 8601 with offset. */
  published: string;
  /** Last change, ISO 8601 with offset; absent when never changed. */
  updated?: string;
  /** Full HTML of the part with absolute URLs only (see absolute.ts), its section comment links included. */
  html: string;
  /** 1-based number of the part in the series. */
  partNumber: number;
  /** Absolute comment URL for the whole part (`mailto:` or `http(s):`); empty for none. */
  commentUrl: string;
  /**
   * The number of comments shown on the part's page, and the absolute URLs of
   * its comment feeds (absent while it has none).
   */
  comments?: { count: number; rss?: string; atom?: string };
}

/** The feed's own metadata. */
export interface FeedInput {
  /** The series name. */
  title: string;
  description: string;
  /** Absolute URL of the site's home page, with trailing slash (also the feeds' id). */
  home: string;
  /** Absolute URL of the series contents page. */
  contents: string;
  /** Absolute URLs of the three feeds. */
  links: { rss: string; atom: string; json: string };
  /** BCP 47 language tag. */
  language: string;
  author: { name: string; email?: string; link?: string };
  /** Number of parts in the series, released or not (the M of "Part N of M"). */
  total: number;
  /** Released parts, in any order. */
  items: FeedItemInput[];
  /** serialpress's words in the series' language; English when absent. */
  words?: FeedWords;
}

/** The words feeds add to items: "Part N of M" and "Comment on this part", in the series' language. */
export interface FeedWords {
  partOf(n: number, m: number): string;
  commentPart: string;
}

/** The feed words of a page language's {@link Ui}. */
export const feedWords = (ui: Ui): FeedWords => ({
  partOf: (n, m) => ui.text("partOf", { n, m }),
  commentPart: ui.text("commentPart"),
});

const ENGLISH = feedWords(uiFor("en"));

/** The three feeds as text: RSS 2.0, Atom 1.0 (RFC 4287), JSON Feed 1.1. */
export interface RenderedFeeds {
  rss: string;
  atom: string;
  json: string;
}

/** Newest first by release date, then by part number (stable for parts released together). */
const newestFirst = (items: FeedItemInput[]) =>
  [...items].sort(
    (a, b) => Date.parse(b.published) - Date.parse(a.published) || b.partNumber - a.partNumber,
  );

const lastChange = (i: FeedItemInput) => new Date(i.updated ?? i.published);

/**
 * Item title: the part's title with "(Part N of M)", or "Part N of M" alone
 * when the title is blank (a heading made only of an image, say).
 */
export function itemTitle(item: FeedItemInput, input: FeedInput): string {
  const title = xmlChars(item.title).trim();
  const part = (input.words ?? ENGLISH).partOf(item.partNumber, input.total);
  return title ? `${title} (${part})` : part;
}

/** A URL as an ASCII URI (IRI characters percent-encoded, RFC 3987 §3.1), as feeds need. */
/** An absolute URL in its normal form (WHATWG URL: percent-encoded, IDN in punycode). */
export const uri = (url: string) => new URL(url).href;

/**
 * Item content: "Part N of M" with a link to the series contents, the
 * part's HTML (with its per-section comment links), and a link to comment
 * on the whole part, so a reader can find the series and the discussion
 * from inside a feed reader.
 */
export function itemHtml(item: FeedItemInput, input: FeedInput): string {
  const words = input.words ?? ENGLISH;
  const head = `<p class="series-line"><a href="${escapeHtml(uri(input.contents))}">${escapeHtml(input.title)}</a> · ${escapeHtml(words.partOf(item.partNumber, input.total))}</p>\n`;
  const foot = item.commentUrl
    ? `<p class="comment-link comment-part"><a href="${escapeHtml(item.commentUrl)}">${escapeHtml(words.commentPart)}</a></p>\n`
    : "";
  return head + item.html + foot;
}

/**
 * The RFC 4685 `replies` link's media type: where comments are, as a hint
 * (RFC 4685 §4 assumes `application/atom+xml` when `type` is absent).
 */
const repliesType = (url: string) => (url.startsWith("mailto:") ? "message/rfc822" : "text/html");

function newFeed(input: FeedInput, text: (s: string) => string): Feed {
  return new Feed({
    title: text(input.title),
    description: text(input.description),
    id: input.home,
    link: input.home,
    language: input.language,
    // Never left unset: `feed` would stamp the build time (repair.ts, defect 6).
    updated: newestDate(input.items.map(lastChange)),
    generator: "serialpress",
    feedLinks: input.links,
    author: author(input, text),
    copyright: text(`© ${input.author.name}`),
  });
}

const author = (input: FeedInput, text: (s: string) => string): Author => ({
  ...input.author,
  name: text(input.author.name),
});

/**
 * RSS 2.0 (https://www.rssboard.org/rss-specification): `pubDate` is the
 * release date, `guid` the lock's (isPermaLink="false"), `comments` the
 * part's comment URL, `content:encoded` the full HTML, `wfw:commentRss` the
 * part's comment feed and `slash:comments` its number of comments. `<author>` must be
 * an email address, so without one the author goes in `dc:creator`.
 */
export function renderRss(input: FeedInput): string {
  const feed = newFeed(input, xmlText);
  for (const item of newestFirst(input.items)) {
    const extensions: Extension[] = [];
    if (item.commentUrl)
      extensions.push({ name: "comments", objects: { _text: xmlText(item.commentUrl) } });
    if (!input.author.email)
      extensions.push({ name: "dc:creator", objects: { _text: xmlText(input.author.name) } });
    if (item.comments?.rss)
      extensions.push({ name: "wfw:commentRss", objects: { _text: xmlText(item.comments.rss) } });
    if (item.comments)
      extensions.push({ name: "slash:comments", objects: { _text: String(item.comments.count) } });
    feed.addItem({
      ...common(item, input, cdataText, cdataText),
      date: new Date(item.published),
      ...(input.author.email ? { author: [author(input, xmlText)] } : {}),
      extensions,
    });
  }
  return declareNamespaces(closeCdata(feed.rss2()));
}

/**
 * Atom 1.0 (RFC 4287): entry `published` is the release date, `updated`
 * the last change, `id` the lock's GUID; each entry has a
 * `<link rel="replies">` (RFC 4685 §4) to its comment URL, with the
 * `thr` namespace declared.
 */
export function renderAtom(input: FeedInput): string {
  const feed = newFeed(input, xmlText);
  const items = newestFirst(input.items);
  for (const item of items)
    feed.addItem({
      // Entry titles become type="text" (atomTextTitles): the plain title, never escaped HTML.
      ...common(item, input, cdataText, cdataText),
      date: lastChange(item),
      author: [author(input, xmlText)],
    });
  // RFC 4685 §4: a `replies` link where readers comment and, once the part has
  // comments, one to its comment feed; each with `thr:count`, the number shown on its page.
  const replies = items.map((item) =>
    [
      item.commentUrl
        ? xmlElement("link", {
            rel: "replies",
            type: repliesType(item.commentUrl),
            href: item.commentUrl,
            ...(item.comments ? { "thr:count": String(item.comments.count) } : {}),
          })
        : "",
      item.comments?.atom
        ? xmlElement("link", {
            rel: "replies",
            type: "application/atom+xml",
            href: item.comments.atom,
            "thr:count": String(item.comments.count),
          })
        : "",
    ]
      .filter(Boolean)
      .join("\n    "),
  );
  return declareNamespaces(
    addAtomEntryChildren(atomTextTitles(closeCdata(feed.atom1())), replies),
    ["thr"],
  );
}

/**
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): `date_published`
 * is the release date, `date_modified` the last change; each item has a
 * `_serialpress` extension object
 * `{ part, parts, comments_url, contents_url, comments_count, comments_feed }`
 * (`comments_url` only when there is a comment channel; the last two when
 * the site shows its discussion).
 */
export function renderJson(input: FeedInput): string {
  const feed = newFeed(input, xmlChars);
  for (const item of newestFirst(input.items))
    feed.addItem({
      ...common(item, input, xmlChars, xmlChars),
      date: lastChange(item),
      author: [author(input, xmlChars)],
      extensions: [
        {
          name: "_serialpress",
          objects: {
            part: item.partNumber,
            parts: input.total,
            ...(item.commentUrl ? { comments_url: item.commentUrl } : {}),
            contents_url: uri(input.contents),
            ...(item.comments ? { comments_count: item.comments.count } : {}),
            ...(item.comments?.atom ? { comments_feed: item.comments.atom } : {}),
          },
        },
      ],
    });
  return jsonFeed11(feed.json1(), input.language);
}

/** The fields every format shares; `title` and `content` prepare those texts for the format. */
function common(
  item: FeedItemInput,
  input: FeedInput,
  title: (s: string) => string,
  content: (s: string) => string,
): Pick<Item, "title" | "id" | "guid" | "link" | "published" | "content"> {
  return {
    title: title(itemTitle(item, input)),
    id: item.guid,
    guid: item.guid,
    link: uri(item.url),
    published: new Date(item.published),
    content: content(itemHtml(item, input)),
  };
}

/**
 * Renders RSS 2.0, Atom 1.0 (RFC 4287) and JSON Feed 1.1 for released parts,
 * newest first, with the `feed` package and the repairs in repair.ts. The
 * feed's own `updated` is the newest item's last change (never the build
 * time), so rebuilding the same posts gives the same bytes.
 */
export function renderFeeds(input: FeedInput): RenderedFeeds {
  return { rss: renderRss(input), atom: renderAtom(input), json: renderJson(input) };
}
