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

/** Moves every heading tag in an HTML fragment by `delta` levels (clamped to h1-h6). */
export function moveHeadings(html: string, delta: number): string {
  if (delta === 0) return html;
  return html.replace(
    /<(\/?)h([1-6])(?=[\s>])/g,
    (_, slash: string, n: string) => `<${slash}h${Math.min(6, Math.max(1, Number(n) + delta))}`,
  );
}
