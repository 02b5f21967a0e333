/**
 * Comments are untrusted input. Each body becomes HTML (plain text through
 * markdown-it with raw HTML off; a channel's own HTML as it came) and then
 * goes through sanitize-html with a short allow-list: no script or style, no
 * event handlers or inline styles, only http(s) links (rel="nofollow ugc
 * noopener"), no images (they would load from anywhere: each becomes a
 * link), and no e-mail address anywhere in the text.
 */
import { createRequire } from "node:module";
import MarkdownIt from "markdown-it";
import type sanitizeHtml from "sanitize-html";
import type { DiscussionComment } from "./types.js";

// Loaded on the first comment: a site with no comment never pays for it.
let sanitizer: typeof sanitizeHtml | undefined;
const sanitize = (html: string, options: sanitizeHtml.IOptions) => {
  sanitizer ??= createRequire(import.meta.url)("sanitize-html") as typeof sanitizeHtml;
  return sanitizer(html, options);
};

/** Longest comment body rendered, in characters; the rest is behind the link to the original. */
export const MAX_COMMENT_CHARS = 20_000;

/** What replaces an e-mail address in a comment. */
export const HIDDEN_ADDRESS = "[address hidden]";

// An addr-spec's usual shape (RFC 5322 §3.4.1, dot-atoms only): enough to
// catch the addresses people write or quote, which is all this is for.
const ADDRESS = /[\p{L}\p{N}.!#$%&'*+/=?^_`{|}~-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

/** A text with every e-mail address replaced by {@link HIDDEN_ADDRESS}. */
export const hideAddresses = (text: string) => text.replace(ADDRESS, HIDDEN_ADDRESS);

const text = new MarkdownIt({ html: false, linkify: true, breaks: true });

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "a",
    "em",
    "strong",
    "b",
    "i",
    "s",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "sub",
  ],
  allowedAttributes: { a: ["href", "rel", "title"], ol: ["start"], th: ["align"], td: ["align"] },
  allowedSchemes: ["http", "https"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  transformTags: {
    // A comment's headings would break the page's outline: strong text instead.
    ...Object.fromEntries(["h1", "h2", "h3", "h4", "h5", "h6"].map((h) => [h, "strong"])),
    a: (_tag, attribs) => ({
      tagName: "a",
      attribs: { ...(attribs.href ? { href: attribs.href } : {}), rel: "nofollow ugc noopener" },
    }),
    // An image is an empty element, so its text is put in after sanitizing (see below).
    img: (_tag, attribs) => ({
      tagName: "a",
      attribs: { href: attribs.src ?? "", rel: "nofollow ugc noopener", title: attribs.alt ?? "" },
    }),
  },
  textFilter: (t) => hideAddresses(t),
};

/** Cuts a body to {@link MAX_COMMENT_CHARS}, never inside a surrogate pair. */
function capped(body: string): { body: string; cut: boolean } {
  if (body.length <= MAX_COMMENT_CHARS) return { body, cut: false };
  let end = MAX_COMMENT_CHARS;
  const code = body.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return { body: body.slice(0, end), cut: true };
}

/**
 * The safe HTML of a comment's body.
 *
 * @returns HTML containing only the allow-listed elements; a body longer
 *   than {@link MAX_COMMENT_CHARS} ends with "…" and a link to the original.
 */
export function commentHtml(comment: Pick<DiscussionComment, "format" | "body" | "url">): string {
  const { body, cut } = capped(comment.body);
  const html = comment.format === "text" ? text.render(hideAddresses(body)) : body;
  const more = cut
    ? `<p>… <a href="${comment.url.replace(/[&"<>]/g, encodeURIComponent)}">Read the whole comment</a></p>`
    : "";
  // A link whose address was dropped (javascript:, mailto:, data:) keeps its text only.
  return sanitize(html + more, OPTIONS)
    .replace(/<a rel="nofollow ugc noopener">([^<]*)<\/a>/g, "$1")
    .replace(
      /(<a href="[^"]*" rel="nofollow ugc noopener") title="([^"]*)"><\/a>/g,
      (_m, open: string, alt: string) => `${open}>[image${alt ? `: ${alt}` : ""}]</a>`,
    )
    .replace(/<a rel="nofollow ugc noopener" title="[^"]*"><\/a>/g, "")
    .trim();
}
