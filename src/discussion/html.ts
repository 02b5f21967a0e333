/**
 * The HTML of the discussion on a page: a list of threads, each a comment
 * with its replies one level below, oldest first; no script, no form.
 */
import { formatDate } from "../site/dates.js";
import { uiFor, type Ui, type UiKey } from "../site/i18n.js";
import type { ShownComment, Thread } from "./view.js";
import { commentCount } from "./view.js";
import { escapeHtml } from "../escape.js";

/** English words, for callers that give none. */
const ENGLISH = uiFor("en");

/** "1 comment", "3 comments", in the page's language. */
export const countText = (n: number, ui: Ui = ENGLISH) => ui.text("comments", { n });

/** Where a comment came from, for the link to the original. */
const SOURCE_NAME: Record<ShownComment["source"], UiKey> = {
  "public-inbox": "originalArchive",
  "github-discussions": "originalGitHub",
  discourse: "originalForum",
};

/** One comment: author, date (linking the original), and its sanitized body. */
export function commentHtmlBlock(c: ShownComment, zone: string, ui: Ui = ENGLISH): string {
  return (
    `<article class="comment" id="${c.anchor}" data-comment="${escapeHtml(c.id)}">\n` +
    `<p class="comment-meta"><span class="comment-author">${escapeHtml(c.author)}</span> · ` +
    `<a href="${escapeHtml(c.url)}" rel="nofollow ugc"><time datetime="${escapeHtml(c.date)}">${escapeHtml(formatDate(c.date, zone, ui.lang))}</time></a>` +
    `<span class="visually-hidden"${ui.attrs}> (${ui.html(SOURCE_NAME[c.source])})</span></p>\n` +
    `<div class="comment-body">${c.html}</div>\n</article>\n`
  );
}

/**
 * A discussion block: `<div class="discussion" id="discussion-<key>">` with a
 * heading-free label and the threads as nested lists.
 *
 * @param id the element id (`discussion-<section id>`, `discussion-part`, `discussion-earlier`).
 * @param label the block's visible label, e.g. "3 comments on “Interviews”".
 */
export function threadsHtml(
  threads: Thread[],
  options: { id: string; label: string; zone: string; ui?: Ui },
): string {
  if (threads.length === 0) return "";
  const item = (t: Thread) =>
    `<li>\n${commentHtmlBlock(t.comment, options.zone, options.ui)}` +
    (t.replies.length
      ? `<ol class="replies">\n${t.replies.map((r) => `<li>\n${commentHtmlBlock(r, options.zone, options.ui)}</li>\n`).join("")}</ol>\n`
      : "") +
    `</li>\n`;
  return (
    `<div class="discussion" id="${escapeHtml(options.id)}">\n` +
    `<p class="discussion-label"${options.ui?.attrs ?? ""}>${escapeHtml(options.label)}</p>\n` +
    `<ol class="threads">\n${threads.map(item).join("")}</ol>\n</div>\n`
  );
}

/** The label of a section's discussion: "3 comments on “Interviews”". */
export const sectionLabel = (threads: Thread[], title: string, ui: Ui = ENGLISH) =>
  ui.text("onSection", { count: countText(commentCount(threads), ui), title });
