import { replaceSharing } from "../strings.js";
import type { LockedPart } from "../posts/lock.js";

/**
 * How many levels a part's headings move on its own page. A post page has
 * exactly one outline of its own: the part's highest heading becomes `<h1>`
 * when the part opens with a heading, else `<h2>` under the page's own
 * `<h1>` (the "(continued)" title). Report levels are kept relative.
 */
export function postShift(part: LockedPart): number {
  const top = Math.min(...part.sections.map((s) => s.level), 6);
  return top - (part.opensWithHeading ? 1 : 2);
}

/** Shift of the whole-report page: the report's highest level becomes `<h2>` under the page title. */
export function reportShift(parts: LockedPart[]): number {
  return Math.min(...parts.flatMap((p) => p.sections.map((s) => s.level)), 6) - 2;
}

/** What {@link inWholeReport} needs to know of the series. */
export interface WholeReportLinks {
  /** Whether `permalink#fragment` (fragment as written in the href) is a section or anchor on the whole-report page. */
  onPage(permalink: string, fragment: string): boolean;
}

const REPORT_REWRITES = /<(\/?)h([1-6])(?=[\s>])|href="(\/[^"#]*\/)#([^"]*)"/g;

/**
 * A part's post HTML as it stands on the whole-report page, in one pass:
 * every heading tag moved by `delta` levels (clamped to h1-h6), and each
 * link to a section on the page (`href="/posts/x/#id"`) made a fragment
 * (`href="#id"`). Other links keep going to the post. The result shares the
 * part's characters ({@link replaceSharing}): the page holds every part, and
 * a copy of each was 24 MB more at 16x the handbook (issue 15).
 */
export function inWholeReport(html: string, delta: number, links: WholeReportLinks): string {
  return replaceSharing(html, REPORT_REWRITES, (m) => {
    if (m[2] !== undefined)
      return delta === 0 ? undefined : `<${m[1]}h${Math.min(6, Math.max(1, Number(m[2]) + delta))}`;
    return links.onPage(m[3]!, m[4]!) ? `href="#${m[4]}"` : undefined;
  });
}
