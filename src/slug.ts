import { slug as githubSlug } from "github-slugger";

/**
 * Turns heading text into an id/URL slug the way GitHub does (lowercase,
 * punctuation dropped, spaces to hyphens, letters of every script kept), so
 * cross-references authors wrote against GitHub-style anchors keep working.
 * Never returns an empty string: text with no letters or digits (an emoji-only
 * heading) becomes `section`.
 */
export function slugify(text: string): string {
  return githubSlug(text.normalize("NFC")) || "section";
}

/**
 * Hands out slugs unique within one report: the second `Summary` becomes
 * `summary-1`, as GitHub numbers repeated headings. Deterministic for the
 * same sequence of texts.
 */
export class SlugRegistry {
  private readonly taken = new Set<string>();

  /** Reserve `wanted` (already a slug) or the first free `wanted-N`. */
  claim(wanted: string): string {
    let candidate = wanted;
    for (let n = 1; this.taken.has(candidate); n++) candidate = `${wanted}-${n}`;
    this.taken.add(candidate);
    return candidate;
  }

  /** Slugify `text` and claim the result. */
  next(text: string): string {
    return this.claim(slugify(text));
  }
}
