/**
 * What the discussion adds to the site: filters for the layouts (threads
 * under sections, at a post's foot, counts), the "Recent discussion" page's
 * list, its feeds (`/discussion/feed.xml`, `atom.xml`, `feed.json`) and the
 * comment feeds of each released part that has comments
 * (`<permalink>comments.xml`, RSS 2.0, and `<permalink>comments-atom.xml`,
 * Atom), all behind the release gate: a
 * comment on a part not yet out is nowhere.
 */
import { commentHtmlBlock, countText } from "../discussion/html.js";
import type { DiscussionView, ShownComment } from "../discussion/view.js";
import {
  renderCommentAtom,
  renderCommentJson,
  renderCommentRss,
  type CommentFeedInput,
} from "../feed/comment-feeds.js";
import type { LockedPart } from "../posts/lock.js";
import { partThreads, threadsFiller } from "./discussion.js";
import type { Ui } from "./i18n.js";
import type { SeriesView } from "./series.js";
import type { SiteSettings } from "./settings.js";
import { escapeHtml } from "../escape.js";

/** Folder of the "Recent discussion" page and its feeds, below the series' base. */
export const DISCUSSION_FOLDER = "discussion/";
/**
 * Comments on the discussion page and in each comment feed, newest first: a
 * feed is for what is new (a reader keeps what it fetched before); the full
 * history is on the part's page.
 */
export const RECENT_COMMENTS = 50;

/** A discussion with no comment, for a site that shows none. */
const NONE: DiscussionView = {
  bySection: new Map(),
  byPart: new Map(),
  earlier: new Map(),
  countByPart: new Map(),
  recent: [],
};

/** What the layouts ask of a series' discussion (the plugin's filters of the same names). */
export interface DiscussionFilters {
  /** A post's HTML with each section's threads where markdown.ts left its marker. */
  withThreads(html: string): string;
  /** The threads at a post's foot. */
  partThreads(partId: string): string;
  /** Comments shown on a part's page. */
  partCommentCount(partId: string): number;
  /** "3 comments" in the series' language. */
  countText(n: number): string;
  /** The "Recent discussion" page's list items. */
  recentComments(): string;
}

/**
 * Adds a series' discussion feeds (when the site shows a discussion) and
 * returns what its pages ask of it: the filters (always, so the layouts render
 * either way) and the site paths of its "Recent discussion" feeds.
 *
 * @param eleventyConfig Eleventy 3's config API.
 * @param options.discussion the comments shown, or undefined when the site shows none.
 * @param options.key the series' mark in virtual template names (`""` for the first series).
 */
export function addDiscussionOutputs(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  eleventyConfig: any,
  options: {
    series: SeriesView;
    site: SiteSettings;
    discussion?: DiscussionView;
    lang: string;
    ui: Ui;
    /** Site path of the series, `/` or `/reports/x/`. */
    base: string;
    key: string;
  },
): { filters: DiscussionFilters; feeds: { rss: string; atom: string; json: string } } {
  const { series, site, lang, ui } = options;
  const page = `${options.base}${DISCUSSION_FOLDER}`;
  const discussion = options.discussion ?? NONE;
  const zone = series.lock?.settings.timezone ?? "UTC";
  const name = series.lock?.series.name ?? site.title;
  const pageUrl = (c: ShownComment) => `${encodeURI(c.shownOn.permalink)}#${c.anchor}`;

  const siteFeeds = {
    rss: `${page}feed.xml`,
    atom: `${page}atom.xml`,
    json: `${page}feed.json`,
  };
  const filters: DiscussionFilters = {
    withThreads: threadsFiller(discussion, zone, ui),
    partThreads: (id) => partThreads(discussion, id, zone, ui),
    partCommentCount: (id) => discussion.countByPart.get(id) ?? 0,
    countText: (n) => countText(n, ui),
    recentComments: () =>
      discussion.recent
        .slice(0, RECENT_COMMENTS)
        .map(
          (c) =>
            `<li>\n<p class="comment-about">${ui.html("onItem", {
              link: { html: `<a href="${escapeHtml(pageUrl(c))}">${escapeHtml(c.about)}</a>` },
              part:
                c.place === "earlier"
                  ? `${ui.text("partN", { n: c.shownOn.number })}, ${ui.text("earlierVersion")}`
                  : ui.text("partN", { n: c.shownOn.number }),
            })}</p>\n${commentHtmlBlock({ ...c, anchor: `recent-${c.anchor}` }, zone, ui)}</li>\n`,
        )
        .join(""),
  };

  if (!options.discussion) return { filters, feeds: siteFeeds };

  const absolute = (path: string) => `${site.url}${encodeURI(path)}`;
  const item = (c: ShownComment) => ({
    guid: /^https?:\/\//.test(c.url) ? c.url : `${absolute(c.shownOn.permalink)}#${c.anchor}`,
    title: ui.text("commentItem", {
      author: c.author,
      about: c.about,
      part: ui.text("partN", { n: c.shownOn.number }),
    }),
    url: `${site.url}${pageUrl(c)}`,
    author: c.author,
    date: c.date,
    html: c.html,
  });
  const renderers = { rss: renderCommentRss, atom: renderCommentAtom, json: renderCommentJson };

  const siteFeed = (): CommentFeedInput => ({
    title: ui.text("discussionFeedTitle", { name }),
    description: ui.text("discussionFeedDescription", { name }),
    home: absolute(page),
    links: {
      rss: absolute(siteFeeds.rss),
      atom: absolute(siteFeeds.atom),
      json: absolute(siteFeeds.json),
    },
    language: lang,
    items: discussion.recent.slice(0, RECENT_COMMENTS).map(item),
  });
  for (const format of ["rss", "atom", "json"] as const) {
    eleventyConfig.addTemplate(`serialpress-${options.key}discussion-${format}.11ty.js`, {
      data: { permalink: siteFeeds[format], eleventyExcludeFromCollections: true },
      render: () => renderers[format](siteFeed()),
    });
  }

  // Each released part's newest comments, as RSS (wfw:commentRss) and Atom (thr:replies).
  const byPart = new Map<string, ShownComment[]>();
  for (const c of discussion.recent) {
    const list = byPart.get(c.shownOn.id) ?? [];
    if (list.length < RECENT_COMMENTS) list.push(c);
    byPart.set(c.shownOn.id, list);
  }
  const partFeed = (part: LockedPart): CommentFeedInput => ({
    title: ui.text("partCommentsTitle", { name, part: ui.text("partN", { n: part.number }) }),
    description: ui.text("partCommentsDescription", {
      title: part.title,
      part: ui.text("partN", { n: part.number }),
      name,
    }),
    home: absolute(part.permalink),
    links: {
      rss: absolute(`${part.permalink}comments.xml`),
      atom: absolute(`${part.permalink}comments-atom.xml`),
    },
    language: lang,
    items: (byPart.get(part.id) ?? []).map(item),
  });
  // Only parts with comments get comment feeds (a part's first comment creates
  // them); the discussion feeds cover the whole series from the start.
  const commented = series.released.filter((p) => discussion.countByPart.has(p.id));
  for (const [format, file] of [
    ["rss", "comments.xml"],
    ["atom", "comments-atom.xml"],
  ] as const) {
    eleventyConfig.addTemplate(`serialpress-${options.key}part-comments-${format}.11ty.js`, {
      data: {
        serialpressCommentParts: commented,
        pagination: { data: "serialpressCommentParts", size: 1, alias: "commentPart" },
        permalink: (data: { commentPart: LockedPart }) => `${data.commentPart.permalink}${file}`,
        eleventyExcludeFromCollections: true,
      },
      render: (data: { commentPart: LockedPart }) => renderers[format](partFeed(data.commentPart)),
    });
  }

  return { filters, feeds: siteFeeds };
}
