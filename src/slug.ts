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

const ATTRIBUTES = /\s*\{(?=[^}]*#)([^{}]*)\}\s*$/;

/**
 * Splits a heading's trailing attribute block, as pandoc and kramdown write
 * it (`## Results {#results .unnumbered}`), from its text. Returns the text
 * without the block and the explicit id, if the block names one.
 */
export function headingAttributes(text: string): { title: string; id?: string } {
  const m = ATTRIBUTES.exec(text);
  if (!m) return { title: text };
  const id = /(?:^|\s)#([^\s}]+)/.exec(m[1]!)?.[1];
  return id ? { title: text.slice(0, m.index).trimEnd(), id } : { title: text };
}

/** Longest part slug, in characters: part slugs name files and URL paths. */
export const MAX_PART_SLUG = 60;

/**
 * A part's slug from its title: {@link slugify}, without leading hyphens (a
 * file named `--x.md` reads as an option to shell tools), and cut to
 * {@link MAX_PART_SLUG} characters at a hyphen where one is near, so a long
 * heading (95 Chinese characters are 285 bytes) still makes a file name
 * every file system accepts.
 */
export function partSlug(title: string): string {
  const base = slugify(title).replace(/^-+/, "") || "part";
  const chars = [...base];
  if (chars.length <= MAX_PART_SLUG) return base;
  const cut = chars.slice(0, MAX_PART_SLUG).join("");
  const hyphen = cut.lastIndexOf("-");
  return (hyphen > MAX_PART_SLUG / 2 ? cut.slice(0, hyphen) : cut).replace(/-+$/, "");
}

/**
 * Percent-decodes a URL fragment or path (`#caf%C3%A9` → `café`) to compare
 * it with ids; a malformed escape leaves the text as written.
 */
export function decodeFragment(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
