/**
 * Comment feeds: the series' "Recent discussion" and each part's comments,
 * as RSS 2.0, Atom 1.0 (RFC 4287) and JSON Feed 1.1, made by `feed` with
 * the repairs in repair.ts. An item is one comment: its author's name (never
 * an address), its date, its sanitized HTML, a link to it on the part's page
 * and a GUID from the channel's own address for it.
 */
import { Feed } from "feed";
import {
  atomTextTitles,
  cdataText,
  closeCdata,
  declareNamespaces,
  jsonFeed11,
  newestDate,
  xmlChars,
  xmlText,
} from "./repair.js";
import { uri } from "./feeds.js";

/** One comment as a feed item. */
export interface CommentFeedItem {
  /** A URI unique to the comment: the address of the original message or post. */
  guid: string;
  /** e.g. "Ana Reader on “Interviews” (Part 2)". */
  title: string;
  /** Absolute URL of the comment on the part's page (`…/posts/method/#comment-…`). */
  url: string;
  author: string;
  /** ISO 8601. */
  date: string;
  /** Sanitized HTML (discussion/render.ts) with absolute URLs. */
  html: string;
}

/** The comment feed's own metadata. */
export interface CommentFeedInput {
  title: string;
  description: string;
  /** Absolute URL of the page the feed is about (the discussion page, a part's page); also the feed's id. */
  home: string;
  /** Absolute URLs of the feed in each format it is published in (a part's comments have no JSON feed). */
  links: { rss: string; atom: string; json?: string };
  language: string;
  /** Newest first. */
  items: CommentFeedItem[];
}

function newFeed(input: CommentFeedInput, text: (s: string) => string): Feed {
  return new Feed({
    title: text(input.title),
    description: text(input.description),
    id: input.home,
    link: input.home,
    language: input.language,
    // The newest comment's date, never the build time (repair.ts, defect 6).
    updated: newestDate(input.items.map((i) => new Date(i.date))),
    generator: "serialpress",
    feedLinks: input.links,
    copyright: "",
  });
}

/** RSS 2.0: `dc:creator` for the commenter (RSS `author` must be an address, which is never shown). */
export function renderCommentRss(input: CommentFeedInput): string {
  const feed = newFeed(input, xmlText);
  for (const item of input.items)
    feed.addItem({
      title: cdataText(item.title),
      id: item.guid,
      guid: item.guid,
      link: uri(item.url),
      date: new Date(item.date),
      content: cdataText(item.html),
      extensions: [{ name: "dc:creator", objects: { _text: xmlText(item.author) } }],
    });
  return declareNamespaces(closeCdata(feed.rss2()));
}

/** Atom 1.0 (RFC 4287): `published` and `updated` are the comment's date. */
export function renderCommentAtom(input: CommentFeedInput): string {
  const feed = newFeed(input, xmlText);
  for (const item of input.items)
    feed.addItem({
      title: cdataText(item.title),
      id: item.guid,
      link: uri(item.url),
      date: new Date(item.date),
      published: new Date(item.date),
      content: cdataText(item.html),
      author: [{ name: xmlText(item.author) }],
    });
  return declareNamespaces(atomTextTitles(closeCdata(feed.atom1())));
}

/** JSON Feed 1.1. */
export function renderCommentJson(input: CommentFeedInput): string {
  const feed = newFeed(input, xmlChars);
  for (const item of input.items)
    feed.addItem({
      title: xmlChars(item.title),
      id: item.guid,
      link: uri(item.url),
      date: new Date(item.date),
      published: new Date(item.date),
      content: xmlChars(item.html),
      author: [{ name: xmlChars(item.author) }],
    });
  return jsonFeed11(feed.json1(), input.language);
}
