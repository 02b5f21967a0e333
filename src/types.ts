/**
 * Public shapes shared by the split pipeline and the Eleventy plugin.
 *
 * Line numbers are 0-based indexes into the report *body* (the Markdown after
 * its front matter) unless a name says otherwise; `Report.bodyLine` converts
 * them to 1-based line numbers of the report file for messages.
 */

/** How a series is released: the cadence and where its clock hangs. */
export interface SeriesSettings {
  /** Series name shown on pages and in feeds, e.g. "Learning Together". */
  name: string;
  /** First release date, ISO calendar date `YYYY-MM-DD`, in `timezone`. */
  start: string;
  /**
   * Cadence (see schedule/cadence.ts): `day`, `week`, `weekdays`, weekday names
   * (`mon,thu`), `every N days`, `every N weeks`, or a list of dates
   * `YYYY-MM-DD[THH:MM]` separated by commas.
   */
  every: string;
  /** Local publication time `HH:MM` (24-hour) in `timezone`. */
  time: string;
  /** IANA time zone name, e.g. `Europe/Amsterdam`; never the machine's zone. */
  timezone: string;
  /**
   * Days with no release, `YYYY-MM-DD` or ranges `YYYY-MM-DD..YYYY-MM-DD`,
   * sorted; after a split it also holds the entries of `skipFile`. Absent when none.
   */
  skip?: string[];
  /** A file of holidays to skip (one date or range per line), as the editor gave it. */
  skipFile?: string;
  /** Size target for one part, in words. */
  targetWords: number;
  /** Smallest part the planner aims for, in words (default: half the target). */
  minWords: number;
  /** Largest part allowed unless one indivisible block is larger, in words. */
  maxWords: number;
  /** When set (1-6), cut before every heading of this level or higher and nowhere else. */
  splitLevel?: number;
  /**
   * Site path the series lives under, `/` or `/segment/…/` (leading and
   * trailing slash): its posts are `<base>posts/<slug>/`, its contents page
   * `<base>contents/`, its feeds `<base>feed.xml`. Absent means `/` (a site of
   * its own); another value puts the series inside an existing site.
   */
  base?: string;
}

/** Metadata from a report's YAML front matter. */
export interface ReportMeta {
  title: string;
  subtitle?: string;
  authors: string[];
  /** ISO date of the report itself, if given. */
  date?: string;
  /** BCP 47 language tag, e.g. `en`, `ar`. */
  lang?: string;
  /** A note shown with the series, e.g. that the report is a sample. */
  sample?: string;
  /** Series settings given in the report (each may be overridden by flags). */
  series: Partial<SeriesSettings>;
}

/** A report read from disk: its Markdown body and metadata. */
export interface Report {
  /** Path of the report file as given by the caller. */
  file: string;
  /**
   * What the file was: `markdown` (lines of `body` are lines of the file) or
   * `docx` (`body` is Markdown converted from a Word document, so its line
   * numbers point into that conversion; `serialpress convert` shows it).
   */
  format?: "markdown" | "docx" | "html";
  /** The Markdown body (front matter removed), with `\n` line endings. */
  body: string;
  /** Number of file lines before the body (the front matter block). */
  bodyOffset: number;
  meta: ReportMeta;
  /**
   * Files the report carries inside itself (a Word document's images), by the
   * relative path its Markdown uses for them, e.g. `images/3f2a….png`.
   */
  media?: Map<string, Uint8Array>;
  /** Problems found while reading the report that do not stop a split. */
  warnings?: ReportWarning[];
}

/** A problem in a report that a split reports but survives. */
export interface ReportWarning {
  /** 0-based line of `Report.body` it concerns, when one can be named. */
  line?: number;
  message: string;
}

/** One heading of the report and the text it governs up to the next heading. */
export interface Section {
  /** Unique, stable, non-empty id (the heading's HTML `id`), see slug.ts. */
  id: string;
  /** Heading text as plain text (markup removed). */
  title: string;
  /** Heading level 1-6 (CommonMark ATX or setext). */
  level: number;
  /** First body line (the heading line). */
  start: number;
  /** Body line after the section's own text (the next heading, any level). */
  end: number;
  /** Words of the section's own text, heading included. */
  words: number;
}

/** A top-level block of the report (markdown-it token `map`), the unit of slicing. */
export interface Block {
  start: number;
  end: number;
  words: number;
  /** Heading level when the block is a heading, else 0. */
  heading: number;
  /**
   * A link reference or footnote definition: these travel to the parts that
   * use them instead of staying where they were written.
   */
  definition?: { kind: "link" | "footnote"; label: string };
}

/** A section reference as recorded on a part (front matter and lock file). */
export interface PartSection {
  /** Stable id: kept across re-splits once the section was locked. */
  id: string;
  title: string;
  level: number;
  /** The heading's current GitHub-style slug when it differs from `id` (a renamed heading). */
  alias?: string;
}

/** How a part compares with the series already locked (for `--dry-run` and the lock). */
export type PartStatus = "new" | "unchanged" | "changed" | "moved" | "withdrawn";

/** One post of the series, as planned and scheduled. */
export interface Part {
  /** 1-based position in the series. */
  number: number;
  /** Stable id of the part (kept in the lock file across re-splits). */
  id: string;
  /** URL slug; the permalink is `/posts/<slug>/`. */
  slug: string;
  /** Feed item GUID (RSS 2.0 `guid`, RFC 4287 `atom:id`): a `urn:uuid:` URI. */
  guid: string;
  title: string;
  /** Release date: ISO 8601 timestamp with offset, e.g. `2027-03-30T09:00:00+02:00`. */
  date: string;
  /** First publication (the release date, once released), ISO 8601 with offset. */
  published?: string;
  /** Last change of a released part's text, ISO 8601 with offset. */
  updated?: string;
  /** When the part was withdrawn (its text left the report), ISO 8601 with offset. */
  withdrawn?: string;
  /** Compared with the previous lock. */
  status: PartStatus;
  /** The release date the lock had, when the split changed it. */
  previousDate?: string;
  /** Headings held by the part, in order. */
  sections: PartSection[];
  /** Explicit HTML anchors (`<a id>`/`<a name>`) held by the part. */
  anchors: string[];
  /** Whether the part's text begins with a heading (else the page supplies its title). */
  opensWithHeading: boolean;
  /** Words of the part's own text (travelling definitions excluded). */
  words: number;
  /** Hashes of the part's own blocks (see split/signature.ts), to recognise its text later. */
  blocks: string[];
  /** MinHash signatures of the part's sections' text, in `sections` order. */
  signatures: string[];
  /** The part's Markdown body: the report's own lines, then travelling definitions. */
  body: string;
  /** 1-based line range of the report file the part was cut from. */
  lines: [number, number];
}
