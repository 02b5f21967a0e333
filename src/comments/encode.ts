/**
 * Percent-encoding for each position of a URL (RFC 3986 §2.1, §3.3-3.5), and
 * trimming of encoded text that never cuts a `%XX` escape or a character.
 */

/** Where in a URL a value is placed; each position has its own reserved characters. */
export type UrlPosition = "path" | "query" | "fragment";

const hex = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`;

/**
 * Percent-encodes a value for a URL query component, keeping only RFC 3986
 * unreserved characters (`A-Z a-z 0-9 - . _ ~`): a space is `%20`, never `+`,
 * as RFC 6068 §5 requires of `mailto:` header values, and `& = + ; #` never
 * split or end a field however the server reads the query.
 */
export function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, hex);
}

// Characters RFC 3986 lets stand unencoded in a position, beyond the unreserved ones.
// A path segment is `pchar` (sub-delims, ":" and "@") less ";", which servlet
// containers read as the start of path parameters, and "/", which would add a
// segment. A fragment may also hold "/" and "?" (RFC 3986 §3.5).
const KEEP: Record<UrlPosition, string> = {
  path: "!$&'()*+,=:@",
  query: "",
  fragment: "!$&'()*+,;=:@/?",
};

/**
 * Percent-encodes `value` for `position` (UTF-8, uppercase hex): everything
 * but the unreserved characters and the delimiters that are plain data in
 * that position. The same text thus gives `C%23%20&%20F%23` in a path and
 * `C%23%20%26%20F%23` in a query.
 */
export function encodeForPosition(value: string, position: UrlPosition): string {
  const keep = KEEP[position];
  return encodeQueryValue(value).replace(/%([0-9A-F]{2})/g, (escape, code: string) => {
    const c = String.fromCharCode(parseInt(code, 16));
    return keep.includes(c) ? c : escape;
  });
}

const CONTINUATION = /^%[89AB][0-9A-F]/i;

/**
 * The longest prefix of percent-encoded `text` that is at most `max`
 * characters and ends on a whole character: never inside a `%XX` escape,
 * never between the bytes of one UTF-8 character (continuation bytes are
 * `%80`-`%BF`). Text that was not encoded by this module may hold only
 * ASCII; anything else is cut as if each UTF-16 unit were a character.
 */
export function cutEncoded(text: string, max: number): string {
  if (text.length <= max) return text;
  let i = Math.max(0, max);
  const percent = text.lastIndexOf("%", i - 1);
  if (percent >= 0 && percent > i - 3) i = percent;
  while (i >= 3 && CONTINUATION.test(text.slice(i, i + 3))) i -= 3;
  return text.slice(0, i);
}

/** One piece of a URL being assembled: encoded text, and whether it may be shortened. */
export interface UrlPiece {
  text: string;
  /** Order in which pieces are shortened when the URL is too long (lower first); absent: never. */
  trim?: number;
}

/** `…` (U+2026), percent-encoded, marking text that was shortened. */
export const ELLIPSIS = "%E2%80%A6";

/**
 * Joins URL pieces, shortening the trimmable ones (lowest `trim` first, each
 * cut on a character boundary and marked with an encoded `…`) until the URL
 * is at most `max` characters. If the fixed pieces alone are longer, the
 * trimmable ones are emptied and the URL is returned over the limit.
 */
export function assembleUrl(pieces: UrlPiece[], max: number): string {
  const texts = pieces.map((p) => p.text);
  const order = pieces
    .map((p, i) => ({ i, trim: p.trim }))
    .filter((p): p is { i: number; trim: number } => p.trim !== undefined)
    .sort((a, b) => a.trim - b.trim || a.i - b.i);
  for (const { i } of order) {
    const over = texts.join("").length - max;
    if (over <= 0) break;
    const room = texts[i]!.length - over - ELLIPSIS.length;
    texts[i] = room > 0 ? cutEncoded(texts[i]!, room) + ELLIPSIS : "";
  }
  return texts.join("");
}
