/**
 * The email edition's message for one part: multipart/alternative with an
 * HTML body (CSS inlined by juice, every URL absolute) and a plain-text one
 * (html-to-text), a stable Message-ID derived from the part's feed GUID, and
 * the headers a list expects. Each "Comment on this section" becomes a reply
 * to the part's message (RFC 6068 `mailto:` with In-Reply-To, the comment
 * subject and the section's URL), so replies thread under the part and the
 * discussion fetch (src/discussion/public-inbox.ts) files them under their
 * section.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { convert } from "html-to-text";
import juice from "juice";
import type { SendMailOptions } from "nodemailer";
import { commentSubject, targetUrl, type CommentTarget } from "../comments/links.js";
import { encodeQueryValue } from "../comments/encode.js";
import { absoluteUrls } from "../feed/absolute.js";
import type { LockedPart, SerialLock } from "../posts/lock.js";
import { createMarkdown } from "../report/markdown.js";
import { readFrontMatter } from "../report/frontmatter.js";
import { formatDate } from "../site/dates.js";
import { uiFor, type Ui } from "../site/i18n.js";
import { serialpressMarkdown } from "../site/markdown.js";
import { seriesView } from "../site/series.js";
import type { MailSettings, SiteSettings } from "../site/settings.js";
import { seriesBase } from "../settings.js";
import { MAIL_CSS } from "./style.js";
import { editionMessageId } from "./message-id.js";
import { escapeHtml } from "../escape.js";

export { editionMessageId } from "./message-id.js";

/** Where replies go: `mail.replyTo`, else the mailto channel's address, else the first recipient. */
export function replyAddress(site: SiteSettings, mail: MailSettings): string {
  return mail.replyTo ?? (site.comments.channel === "mailto" ? site.comments.address : mail.to[0]!);
}

/**
 * `[Series] Part N of M: Title` (the title left out when blank), "Part N of M"
 * in the series' language.
 */
export function editionSubject(
  series: string,
  part: LockedPart,
  total: number,
  ui: Ui = uiFor("en"),
): string {
  const title = part.title.trim();
  return `[${series}] ${ui.text("partOf", { n: part.number, m: total })}${title ? `: ${title}` : ""}`;
}

/**
 * A reply link (RFC 6068): to the reply address, `In-Reply-To` the part's
 * Message-ID, subject "Re: <comment subject>", body "About <section URL>",
 * every value percent-encoded (a space is `%20`).
 */
export function replyLink(address: string, messageId: string, target: CommentTarget): string {
  return (
    `mailto:${address}?In-Reply-To=${encodeQueryValue(messageId)}` +
    `&subject=${encodeQueryValue(`Re: ${commentSubject(target)}`)}` +
    `&body=${encodeQueryValue(`About ${target.url}\n\n`)}`
  );
}

/**
 * Renders a part's post as it goes out by mail.
 *
 * @param postsDir folder of the post files and serial.lock.json.
 * @param now the instant links to other parts are judged at (a link to a part
 *   not out yet is plain text with its date, as on the site).
 * @throws Error when the post file cannot be read.
 */
export async function editionMessage(options: {
  part: LockedPart;
  lock: SerialLock;
  site: SiteSettings;
  mail: MailSettings;
  postsDir: string;
  now: Date;
}): Promise<SendMailOptions> {
  const { part, lock, site, mail, now } = options;
  const series = seriesView(lock, now);
  const base = seriesBase(lock.settings);
  const messageId = editionMessageId(part, site.url);
  const reply = replyAddress(site, mail);
  const total = lock.parts.length;
  const file = join(options.postsDir, part.file);
  const { body } = readFrontMatter(await readFile(file, "utf8"), file);
  const partUrl = targetUrl(site.url, part.permalink);
  const render = async (commentHref: (t: CommentTarget) => string) => {
    const md = createMarkdown();
    md.use(serialpressMarkdown, { series, site, mediaBase: `${base}media/`, commentHref });
    const html = md
      .render(body, { id: part.id })
      .replace(/ ?<a class="self-link"[^>]*>#<\/a>/g, "");
    return absoluteUrls(html, partUrl, `${site.url}/`);
  };
  const partTarget: CommentTarget = {
    series: lock.series.name,
    partNumber: part.number,
    partTitle: part.title,
    url: partUrl,
    id: `part:${part.id}`,
  };
  // serialpress's words in the series' language, as on its pages.
  const ui = uiFor(lock.series.lang ?? site.lang);
  const subject = editionSubject(lock.series.name, part, total, ui);
  const contents = `${site.url}${base}contents/`;
  const page = (inner: string, partLink: string) =>
    `<!DOCTYPE html>\n<html lang="${escapeHtml(lock.series.lang ?? site.lang)}">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(subject)}</title>\n<style>${MAIL_CSS}</style>\n</head>\n<body>\n<div class="wrap">\n` +
    `<p class="series-line"><a href="${escapeHtml(contents)}">${escapeHtml(lock.series.name)}</a> · ${ui.html("partOf", { n: part.number, m: total })} · ${escapeHtml(formatDate(part.date, lock.settings.timezone, ui.lang))}</p>\n` +
    `<p class="web-link"><a href="${escapeHtml(partUrl)}">${ui.html("readOnWeb")}</a></p>\n` +
    `<div class="post-body">\n${inner}</div>\n` +
    `<p class="comment-part">${ui.html("replyToMessage", { link: { html: `<a href="${escapeHtml(partLink)}">${ui.html("commentPart")}</a>` } })}</p>\n` +
    `<p class="foot"><a href="${escapeHtml(contents)}">${ui.html("allParts")}</a>${mail.unsubscribe ? ` · <a href="${escapeHtml(mail.unsubscribe)}">${ui.html("unsubscribe")}</a>` : ""}</p>\n` +
    `</div>\n</body>\n</html>\n`;

  const html =
    mail.format === "text"
      ? ""
      : juice(
          page(
            await render((t) => replyLink(reply, messageId, t)),
            replyLink(reply, messageId, partTarget),
          ),
        );
  // The text part names each section's URL: a reply that keeps it is filed under that section.
  const text = convert(page(await render((t) => t.url), partUrl), {
    wordwrap: 72,
    selectors: [
      { selector: "title", format: "skip" },
      { selector: "a", options: { hideLinkHrefIfSameAsText: true } },
      { selector: "img", format: "skip" },
    ],
  });
  const headers: Record<string, string> = { "X-Serialpress-Part": part.id };
  if (mail.listId) headers["List-Id"] = `<${mail.listId}>`;
  if (mail.unsubscribe) headers["List-Unsubscribe"] = `<${mail.unsubscribe}>`;
  return {
    from: mail.from,
    to: mail.to,
    replyTo: reply,
    subject,
    messageId,
    headers,
    text,
    ...(mail.format === "text" ? {} : { html }),
  };
}
