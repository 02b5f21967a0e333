import type { LockedPart } from "../posts/lock.js";

/**
 * The Message-ID of a part's email edition (RFC 5322 §3.6.4): `<uuid@host>`,
 * the UUID of the part's feed GUID and the site's host, so it never changes
 * across runs, re-splits or resends, and the discussion fetch can tell the
 * edition (and replies to it) in the list's archive.
 */
export function editionMessageId(part: Pick<LockedPart, "guid">, siteUrl: string): string {
  const id = part.guid.replace(/^urn:uuid:/i, "").replace(/[^A-Za-z0-9.-]/g, "-");
  return `<${id}@${new URL(siteUrl).hostname}>`;
}
