import type { LockedPart } from "../posts/lock.js";
import { isReleased } from "../schedule/gate.js";

/** One `<url>` of a sitemap. */
export interface SitemapEntry {
  /** Absolute URL. */
  loc: string;
  /** Last change, ISO 8601 with offset (W3C Datetime). */
  lastmod?: string;
}

const escapeXml = (s: string): string =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");

/**
 * A sitemap (sitemaps.org protocol 0.9): `<urlset>` of `<url><loc>` with an
 * optional `<lastmod>`. URLs are made RFC 3986-safe with `URL` (non-ASCII
 * slugs are percent-encoded) and entity-escaped, as the protocol asks.
 */
export function renderSitemap(entries: SitemapEntry[]): string {
  const urls = entries.map((e) => {
    const lastmod = e.lastmod ? `<lastmod>${escapeXml(e.lastmod)}</lastmod>` : "";
    return `  <url><loc>${escapeXml(new URL(e.loc).href)}</loc>${lastmod}</url>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...urls,
    "</urlset>",
    "",
  ].join("\n");
}

/**
 * The site's sitemap entries under the release gate: the series pages
 * (`pages`, e.g. home, contents, whole report; their lastmod is the latest
 * release or update at `now`), then every released part (lastmod: its
 * update, else its release), then `others` (pages the site's collections
 * hold, already gated). An unreleased part has no entry. Duplicates are dropped.
 *
 * @param siteUrl absolute site URL without a trailing slash.
 * @param pages site-relative URLs of the series pages.
 * @param others site-relative URLs of other pages, without lastmod.
 */
export function sitemapEntries(
  siteUrl: string,
  parts: LockedPart[],
  now: Date,
  pages: string[],
  others: string[] = [],
): SitemapEntry[] {
  const released = parts.filter((p) => isReleased(p.date, now));
  const changed = (p: LockedPart) => (p.updated && isReleased(p.updated, now) ? p.updated : p.date);
  const latest = released
    .map(changed)
    .reduce<string | undefined>((a, b) => (!a || Date.parse(b) > Date.parse(a) ? b : a), undefined);
  const seen = new Set<string>();
  const entries: SitemapEntry[] = [];
  const add = (path: string, lastmod?: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    entries.push({ loc: `${siteUrl}${path}`, ...(lastmod ? { lastmod } : {}) });
  };
  for (const page of pages) add(page, latest);
  for (const part of released) add(part.permalink, changed(part));
  for (const other of others) add(other);
  return entries;
}
