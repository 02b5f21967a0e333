/**
 * Comments from a mailing list archived by public-inbox, read over its HTTP
 * interface: one search for the messages received since the last fetch
 * (`POST <inbox>/?q=rt:<since>..&x=m`, a gzipped mboxrd), each message
 * parsed with mailparser, quotes and signatures stripped with
 * email-reply-parser.
 *
 * A message belongs to a section when it replies to a message already
 * matched (In-Reply-To, References); else when its own (unquoted) text holds
 * the section's URL (every comment link puts it in the body); else, when it
 * replies to a part's email edition, to that part; else by a URL in quoted
 * text or the section's comment subject ("Re:" aside). The edition itself
 * is never a comment.
 */
import { gunzipSync } from "node:zlib";
import EmailReplyParser from "email-reply-parser";
import { simpleParser, type ParsedMail } from "mailparser";
import { DateTime } from "luxon";
import { splitMbox } from "./mbox.js";
import { hideAddresses } from "./render.js";
import type { ThreadIndex } from "./threads.js";
import type { DiscussionComment } from "./types.js";
import { HttpStatusError } from "./http-error.js";

/** Options of {@link fetchPublicInbox}. */
export interface PublicInboxOptions {
  /** The inbox's address, e.g. `https://lore.example.org/learning-together/`. */
  archive: string;
  /** Fetch messages received on or after this day (ISO 8601); public-inbox's `rt:` is by day. */
  since: string;
  signal?: AbortSignal;
}

const msgid = (id: string | undefined) => id?.trim().replace(/^<|>$/g, "") || undefined;

/**
 * Downloads the raw messages received since a day from a public-inbox
 * archive.
 *
 * @returns each message's bytes (RFC 5322), in archive order.
 * @throws Error with the HTTP status when the archive answers with an error.
 */
export async function fetchPublicInbox(options: PublicInboxOptions): Promise<Buffer[]> {
  const inbox = options.archive.replace(/\/*$/, "/");
  const since = DateTime.fromISO(options.since, { zone: "utc" }).toFormat("yyyyLLdd");
  const url = `${inbox}?q=${encodeURIComponent(`rt:${since}..`)}&x=m`;
  const response = await fetch(url, { method: "POST", signal: options.signal });
  if (response.status === 404) return []; // public-inbox: no message matched
  if (!response.ok) throw new HttpStatusError(url, response);
  const body = Buffer.from(await response.arrayBuffer());
  const text = (body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body) : body).toString("latin1");
  // Split as latin1 (one code unit per byte) and handed back as the same
  // bytes, so mailparser decodes each part by its own charset.
  return splitMbox(text).map((m) => Buffer.from(m, "latin1"));
}

/** A message's date; a missing or malformed Date header counts as the epoch (listed first). */
const validDate = (date: Date | undefined) =>
  date && !Number.isNaN(date.getTime()) ? date : new Date(0);

/** A display name fit to show: never an e-mail address. */
function authorName(mail: ParsedMail): string {
  const name = mail.from?.value[0]?.name?.trim() ?? "";
  return name && !name.includes("@") ? name : "Anonymous";
}

/** The message's own words: quoted text and signature removed (email-reply-parser). */
const visibleText = (text: string) =>
  new EmailReplyParser().read(text.replace(/\r\n/g, "\n")).getVisibleText();

/** The words a comment shows: its visible text without the comment link's "About <url>" line. */
function ownText(visible: string, index: ThreadIndex): string {
  return visible
    .split("\n")
    .filter((line) => !(/^\s*About\s+\S+\s*$/.test(line) && index.fromText(line)))
    .join("\n")
    .trim();
}

/**
 * Turns archived messages into comments.
 *
 * @param raw each message's bytes (RFC 5322).
 * @param known comments already in the snapshot by id, so a reply to a
 *   message fetched earlier joins its thread.
 * @param archive the inbox's address; each comment links to its message page there.
 * @returns the comments found, oldest first; messages about no section are left out.
 */
export async function mailComments(
  raw: Buffer[],
  index: ThreadIndex,
  known: ReadonlyMap<string, DiscussionComment>,
  archive: string,
): Promise<DiscussionComment[]> {
  const inbox = archive.replace(/\/*$/, "/");
  const parsed = await Promise.all(raw.map((m) => simpleParser(m, { skipImageLinks: true })));
  parsed.sort((a, b) => validDate(a.date).getTime() - validDate(b.date).getTime());
  const found = new Map(known);
  const out: DiscussionComment[] = [];
  for (const mail of parsed) {
    const id = msgid(mail.messageId);
    if (!id) continue;
    const refs = [
      msgid(mail.inReplyTo),
      ...[mail.references ?? []].flat().map(msgid).reverse(),
    ].filter((r): r is string => Boolean(r));
    // The email edition itself (serialpress mail) is the part, not a comment on it.
    if (index.edition(id)) continue;
    const parent = refs.map((r) => found.get(`mail:${r}`)).find(Boolean);
    const text = mail.text ?? "";
    const visible = visibleText(text);
    const edition = refs.map((r) => index.edition(r)).find(Boolean);
    // A reply to the edition is about the section whose URL it gives, else the whole part.
    const target = parent
      ? { key: parent.key, part: parent.part }
      : (index.fromText(visible) ??
        (edition ? { key: `part:${edition}`, part: edition } : undefined) ??
        index.fromText(text) ??
        index.fromSubject(mail.subject ?? ""));
    if (!target) continue;
    const body = hideAddresses(ownText(visible, index));
    if (!body) continue;
    const comment: DiscussionComment = {
      id: `mail:${id}`,
      source: "public-inbox",
      key: target.key,
      part: target.part,
      ...(parent ? { parent: parent.parent ?? parent.id } : {}),
      author: authorName(mail),
      date: validDate(mail.date).toISOString(),
      url: `${inbox}${encodeURIComponent(id).replace(/%40/g, "@")}/`,
      format: "text",
      body,
    };
    found.set(comment.id, comment);
    out.push(comment);
  }
  return out;
}
