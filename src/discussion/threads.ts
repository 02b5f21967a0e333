/**
 * Thread keys from what a comment carries: the section URL that every
 * comment link puts in the message body ("About https://…/posts/method/#interviews"),
 * or the mail subject it prefills ("[Series] Part 2: Method – Interviews").
 */
import { commentSubject, targetUrl } from "../comments/links.js";
import { stableSectionIds, type LockedPart, type SerialLock } from "../posts/lock.js";
import { decodeFragment } from "../slug.js";
import { editionMessageId } from "../mail/message-id.js";
import type { ThreadTarget } from "./types.js";

/** Reply and forward prefixes mail clients put before a subject, in several languages. */
const REPLY_PREFIX = /^\s*(?:(?:re|aw|sv|vs|antw|r|rif|fw|fwd|wg|tr)\s*(?:\[\d+\])?\s*:\s*)+/i;

const normalSubject = (subject: string) =>
  subject.replace(REPLY_PREFIX, "").replace(/\s+/g, " ").trim().toLowerCase();

/**
 * Finds the thread a comment belongs to, from a lock and the site's address.
 * Section ids are the lock's stable ids; a renamed heading's old slug
 * (`alias`) leads to the same thread, and a fragment that names no section
 * any more (the section was removed) still gives its key and part, so the
 * comment shows "on an earlier version" instead of being dropped.
 */
export class ThreadIndex {
  private readonly byPath = new Map<string, LockedPart>();
  private readonly sectionOf: Map<string, string>;
  private readonly subjects = new Map<string, ThreadTarget>();
  /** Part id by the Message-ID (without `<>`) of its email edition. */
  private readonly editions = new Map<string, string>();
  private readonly origin: string;
  private readonly prefix: string;

  /**
   * @param siteUrl the site's absolute address without a trailing slash
   *   (`https://example.org` or `https://owner.github.io/repo`).
   */
  constructor(lock: SerialLock, siteUrl: string) {
    const base = new URL(`${siteUrl}/`);
    this.origin = base.origin;
    this.prefix = base.pathname.replace(/\/$/, "");
    this.sectionOf = stableSectionIds(lock.parts);
    for (const part of lock.parts) {
      this.byPath.set(part.permalink, part);
      this.editions.set(editionMessageId(part, siteUrl).slice(1, -1), part.id);
      const partTarget = { key: `part:${part.id}`, part: part.id };
      const about = {
        series: lock.series.name,
        partNumber: part.number,
        partTitle: part.title,
        url: targetUrl(siteUrl, part.permalink),
      };
      this.subjects.set(
        normalSubject(commentSubject({ ...about, id: partTarget.key })),
        partTarget,
      );
      for (const s of part.sections) {
        const subject = normalSubject(
          commentSubject({ ...about, sectionTitle: s.title, id: s.id }),
        );
        if (!this.subjects.has(subject)) this.subjects.set(subject, { key: s.id, part: part.id });
      }
    }
  }

  /** The thread of a URL on this site (a part page, with or without `#section`), or undefined. */
  fromUrl(href: string): ThreadTarget | undefined {
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      return undefined;
    }
    if (url.origin !== this.origin || !url.pathname.startsWith(`${this.prefix}/`)) return undefined;
    let path: string;
    try {
      path = decodeURI(url.pathname.slice(this.prefix.length));
    } catch {
      return undefined;
    }
    const part = this.byPath.get(path.endsWith("/") ? path : `${path}/`);
    if (!part) return undefined;
    const fragment = decodeFragment(url.hash.slice(1));
    if (!fragment) return { key: `part:${part.id}`, part: part.id };
    return { key: this.sectionOf.get(fragment) ?? fragment, part: part.id };
  }

  /** The thread of the first URL on this site in a text (a mail body, a post's HTML). */
  fromText(text: string): ThreadTarget | undefined {
    for (const match of text.matchAll(/https?:\/\/[^\s<>"'()[\]]+/g)) {
      const target = this.fromUrl(match[0].replace(/[.,;:!?]+$/, ""));
      if (target) return target;
    }
    return undefined;
  }

  /** The part whose email edition has this Message-ID (without `<>`), or undefined. */
  edition(messageId: string): string | undefined {
    return this.editions.get(messageId);
  }

  /** The thread whose comment subject this is, reply prefixes ("Re:", "AW:") aside. */
  fromSubject(subject: string): ThreadTarget | undefined {
    return this.subjects.get(normalSubject(subject));
  }
}

/**
 * A thread's opening post without the paragraph the comment link prefilled
 * ("About <section URL>" and the subject line), which only repeats where
 * the comment is shown.
 */
export function dropAboutParagraph(html: string, index: ThreadIndex): string {
  return html.replace(/^\s*<p>\s*About\s[\s\S]*?<\/p>\s*/, (p) => (index.fromText(p) ? "" : p));
}
