import type { MarkdownIt, RendererRule, StateCore, Token } from "markdown-it";
import { commentUrl, targetUrl, type CommentTarget } from "../comments/links.js";
import { isReleased } from "../schedule/gate.js";
import { decodeFragment, headingAttributes, SlugRegistry } from "../slug.js";
import type { PartSection } from "../types.js";
import type { SeriesView } from "./series.js";
import type { SiteSettings } from "./settings.js";
import type { DiscussionView } from "../discussion/view.js";
import { commentCount } from "../discussion/view.js";
import { countText } from "../discussion/html.js";
import { discussionMarker } from "./discussion.js";
import { balanceHtml, rawHtmlBalanced } from "./balance.js";
import { flatten } from "../strings.js";
import { formatDate } from "./dates.js";
import { uiFor, type Ui } from "./i18n.js";
import { postShift } from "./levels.js";
import { escapeHtml } from "../escape.js";

/** What the renderer needs besides the Markdown: the series and the site. */
export interface RenderContext {
  series: SeriesView;
  site: SiteSettings;
  /** Folder the report's relative images are published under, e.g. `/media/`. */
  mediaBase: string;
  /** Comments shown on the pages, when the site shows its discussion. */
  discussion?: DiscussionView;
  /**
   * The "Comment on this section" link for a target, instead of the site's
   * channel (the email edition makes each a reply to the part's message).
   */
  commentHref?: (target: CommentTarget) => string;
  /** serialpress's words in the series' language (default: chosen by the series' `lang`). */
  ui?: Ui;
}

/** The data Eleventy hands markdown-it as `env` for a post (its front matter). */
interface PostEnv {
  id?: string;
}
const postEnv = (env: unknown): PostEnv => (env ?? {}) as PostEnv;

/**
 * markdown-it plugin for post pages:
 * - each top-level heading gets its section's stable id (from the lock, in
 *   order; a slug where the post has no lock entry), a self-link after its
 *   text (never around it, so a heading's own links never nest) and a
 *   "Comment on this section" link;
 * - `#anchor` links to a section in another released part point at that
 *   part's page; to an unreleased part they become plain text with its date;
 * - relative image paths point at the published copy of the report's media;
 * - footnote ids are prefixed with the part id, so they never clash on the
 *   whole-report page;
 * - with a discussion, a section with comments gets "N comments" beside its
 *   comment link and a marker after its last block where the post page puts
 *   its threads (site/discussion.ts; the whole-report page and feeds drop it);
 * - a part whose raw HTML opens an element another part closes (a report
 *   wrapped in `<div dir="rtl">`, say) is balanced, so no page inherits an
 *   unclosed element or a stray end tag.
 */
export function serialpressMarkdown(md: MarkdownIt, ctx: RenderContext): void {
  const lang = ctx.series.lock?.series.lang ?? ctx.site.lang;
  const words = ctx.ui ?? uiFor(lang);
  const ui = words.attrs;
  const commentLabel = ui
    ? `<span${ui}>${words.html("commentSection")}</span>`
    : words.html("commentSection");
  md.core.ruler.push("serialpress_sections", (state: StateCore) => {
    const env = postEnv(state.env);
    const part = env.id ? ctx.series.byId.get(env.id) : undefined;
    const own = new Set([
      ...(part?.sections.flatMap((s) => (s.alias ? [s.id, s.alias] : [s.id])) ?? []),
      ...(part?.anchors ?? []),
    ]);
    const slugs = new SlugRegistry();
    const shift = part ? postShift(part) : 0;
    let k = 0;
    state.tokens.forEach((token, i) => {
      if (token.type === "heading_open") stripHeadingAttributes(state.tokens[i + 1]!);
      if (token.type === "heading_open" && token.level === 0) {
        const inline = state.tokens[i + 1]!;
        const locked: PartSection | undefined = part?.sections[k++];
        const title = locked?.title ?? inline.content;
        const id = locked?.id ?? slugs.next(title);
        token.attrSet("id", id);
        token.attrSet("tabindex", "-1");
        const close = state.tokens.slice(i).find((t) => t.type === "heading_close")!;
        token.tag = close.tag = `h${Math.min(6, Math.max(1, Number(token.tag.slice(1)) - shift))}`;
        close.meta = { ...(close.meta ?? {}), serialpress: { id, title } };
        // A renamed heading keeps its stable id; its new slug still leads here.
        if (locked?.alias) token.meta = { ...(token.meta ?? {}), alias: locked.alias };
      }
      if (token.type === "inline") rewriteInline(token.children ?? [], own, ctx, words);
    });
    if (ctx.discussion) addDiscussionMarkers(state, ctx.discussion);
  });

  const closeHeading = md.renderer.rules.heading_close;
  const openHeading = md.renderer.rules.heading_open;
  const headingOpen: RendererRule = (tokens, idx, options, rawEnv, self) => {
    const alias = tokens[idx]!.meta?.alias as string | undefined;
    const base = openHeading
      ? openHeading(tokens, idx, options, rawEnv, self)
      : self.renderToken(tokens, idx, options);
    return alias ? `<span id="${escapeHtml(alias)}"></span>\n${base}` : base;
  };
  md.renderer.rules.heading_open = headingOpen;

  const headingClose: RendererRule = (tokens, idx, options, rawEnv, self) => {
    const env = postEnv(rawEnv);
    const token = tokens[idx]!;
    const info = token.meta?.serialpress as { id: string; title: string } | undefined;
    const base = closeHeading
      ? closeHeading(tokens, idx, options, rawEnv, self)
      : self.renderToken(tokens, idx, options);
    if (!info) return base;
    const selfLink = ` <a class="self-link" href="#${encodeURIComponent(info.id)}" aria-label="${words.html("selfLink", { title: info.title })}">#</a>`;
    const part = env.id ? ctx.series.byId.get(env.id) : undefined;
    let comment = "";
    if (part) {
      const url = targetUrl(ctx.site.url, part.permalink, info.id);
      const target: CommentTarget = {
        series: ctx.series.lock!.series.name,
        partNumber: part.number,
        partTitle: part.title,
        sectionTitle: info.title,
        url,
        id: info.id,
      };
      const href = ctx.commentHref?.(target) ?? commentUrl(ctx.site.comments, target);
      const n = commentCount(ctx.discussion?.bySection.get(info.id));
      const count = n
        ? ` · <a class="comment-count" href="${escapeHtml(encodeURI(part.permalink))}#discussion-${encodeURIComponent(info.id)}"${ui}>${escapeHtml(countText(n, words))}<span class="visually-hidden">: ${escapeHtml(info.title)}</span></a>`
        : "";
      comment = `<p class="comment-link"><a href="${escapeHtml(href)}">${commentLabel}<span class="visually-hidden">: ${escapeHtml(info.title)}</span></a>${count}</p>\n`;
    }
    return base.replace(/<\/h([1-6])>\n?$/, `${selfLink}</h$1>\n`) + comment;
  };
  md.renderer.rules.heading_close = headingClose;

  const footnoteAnchorName: RendererRule = (tokens, idx, _options, rawEnv) => {
    const env = postEnv(rawEnv);
    const n = String(Number(tokens[idx]!.meta?.id) + 1);
    return env.id ? `-${env.id}-${n}` : n;
  };
  md.renderer.rules.footnote_anchor_name = footnoteAnchorName;

  const render = md.renderer.render.bind(md.renderer);
  md.renderer.render = (tokens, options, env) => {
    const html = render(tokens, options, env);
    // Eleventy keeps every post's HTML for the whole build: flat, not as markdown-it's `+=` pieces.
    return flatten(rawHtmlBalanced(tokens) ? html : balanceHtml(html));
  };
}

/**
 * Puts a marker after the last block of each section that has comments
 * (before the next heading, or at the end of the post).
 */
function addDiscussionMarkers(state: StateCore, discussion: DiscussionView): void {
  const out: Token[] = [];
  let open: string | undefined;
  const close = () => {
    if (open && discussion.bySection.has(open)) {
      const marker = new state.Token("html_block", "", 0);
      marker.content = discussionMarker(open);
      out.push(marker);
    }
  };
  for (const token of state.tokens) {
    if (token.type === "heading_open" && token.level === 0) {
      close();
      open = String(token.attrGet("id") ?? "");
    }
    out.push(token);
  }
  close();
  state.tokens = out;
}

/** Drops a trailing `{#id .class}` block (pandoc/kramdown) from a heading's text; the id is set from the lock. */
function stripHeadingAttributes(inline: Token): void {
  const last = inline.children?.at(-1);
  if (last?.type !== "text") return;
  const { title, id } = headingAttributes(last.content);
  if (id) {
    last.content = title;
    inline.content = headingAttributes(inline.content).title;
  }
}

function rewriteInline(children: Token[], own: Set<string>, ctx: RenderContext, words: Ui): void {
  for (let i = 0; i < children.length; i++) {
    const t = children[i]!;
    if (t.type === "image") {
      const src = String(t.attrGet("src") ?? "");
      if (src && !/^(?:[a-z][a-z0-9+.-]*:|\/|#)/i.test(src))
        t.attrSet("src", ctx.mediaBase + src.replace(/^\.\//, ""));
      continue;
    }
    if (t.type !== "link_open") continue;
    const href = String(t.attrGet("href") ?? "");
    if (!href.startsWith("#") || href.length < 2) continue;
    const anchor = decodeFragment(href.slice(1));
    if (own.has(anchor)) continue;
    const target = ctx.series.anchorIndex.get(anchor);
    if (!target) continue;
    if (isReleased(target.date, ctx.series.now)) {
      t.attrSet("href", `${target.permalink}#${encodeURIComponent(anchor)}`);
    } else {
      // Issue #5: a link into a part not yet released is plain text with its date.
      const close = children.slice(i).find((c) => c.type === "link_close" && c.level === t.level);
      t.type = "html_inline";
      t.content = '<span class="upcoming-link">';
      if (close) {
        close.type = "html_inline";
        const date = formatDate(target.date, ctx.series.lock!.settings.timezone, words.lang);
        close.content = `</span> <span class="upcoming-note">(${words.html("coming", { date })})</span>`;
      }
    }
  }
}
