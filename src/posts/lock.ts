import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "../errors.js";
import type { Part, PartSection, SeriesSettings } from "../types.js";

/** A section as the lock remembers it: its stable id and a signature of its text. */
export interface LockedSection extends PartSection {
  /** MinHash signature of the section's own text (split/signature.ts). */
  signature?: string;
}

/** File name of the lock file, written next to the posts. */
export const LOCK_FILE = "serial.lock.json";

/** The lock file's format version; bump on incompatible changes. */
export const LOCK_VERSION = 1;

/** One part as the lock file remembers it. */
export interface LockedPart extends Pick<
  Part,
  | "id"
  | "number"
  | "slug"
  | "guid"
  | "title"
  | "date"
  | "published"
  | "updated"
  | "withdrawn"
  | "anchors"
  | "opensWithHeading"
  | "words"
> {
  /** Site-relative permalink, `/posts/<slug>/`. */
  permalink: string;
  /** Post file name inside the posts folder. */
  file: string;
  sections: LockedSection[];
  /** Hashes of the part's own blocks (absent in locks written before they were kept). */
  blocks?: string[];
  /** sha256 (hex) of the part's Markdown body. */
  hash: string;
  /** sha256 (hex) of the whole post file as written, to detect hand edits. */
  fileHash: string;
}

/** Series-level facts the site shows, taken from the report. */
export interface LockedSeries {
  name: string;
  title: string;
  subtitle?: string;
  authors: string[];
  lang?: string;
  sample?: string;
}

/** The whole lock file, `serial.lock.json`: the memory of the series. */
export interface SerialLock {
  version: number;
  report: { file: string; sha256: string };
  settings: SeriesSettings;
  series: LockedSeries;
  parts: LockedPart[];
}

/**
 * Reads a lock file, or returns null when there is none.
 *
 * @throws InputError when the file is not JSON or has another `version`.
 */
export async function readLock(path: string): Promise<SerialLock | null> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  return parseLock(text, path);
}

/**
 * The lock of the series in `postsDir`, for commands that need one.
 *
 * @throws InputError naming the lock's path when there is none (split a
 *   report first, or give the posts folder), or as {@link parseLock}.
 */
export async function requireLock(postsDir: string): Promise<SerialLock> {
  const path = join(postsDir, LOCK_FILE);
  const lock = await readLock(path);
  if (!lock) {
    throw new InputError(
      path,
      undefined,
      "there is no lock file; split a report first (`serialpress split <report>`), or give the posts folder with --posts.",
    );
  }
  return lock;
}

/**
 * Stable section ids by every name a section answers to: its id, and the
 * old slug (`alias`) of a renamed heading.
 */
export function stableSectionIds(parts: readonly LockedPart[]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const part of parts)
    for (const s of part.sections) {
      ids.set(s.id, s.id);
      if (s.alias) ids.set(s.alias, s.id);
    }
  return ids;
}

/**
 * The same as {@link readLock}, synchronously: Eleventy reads the lock while
 * it loads its configuration, which cannot wait.
 */
export function readLockSync(path: string): SerialLock | null {
  if (!existsSync(path)) return null;
  return parseLock(readFileSync(path, "utf8"), path);
}

/**
 * Parses a lock file's text and checks its version.
 *
 * @throws InputError naming `path` when the text is not JSON or the version differs.
 */
export function parseLock(text: string, path: string): SerialLock {
  let lock: SerialLock;
  try {
    lock = JSON.parse(text) as SerialLock;
  } catch (cause) {
    throw new InputError(
      path,
      undefined,
      `the lock file is not valid JSON (${(cause as Error).message}); restore it from version control or split the report again.`,
      { cause },
    );
  }
  if (lock.version !== LOCK_VERSION) {
    throw new InputError(
      path,
      undefined,
      `lock file version ${lock.version} is not supported (this serialpress reads version ${LOCK_VERSION}).`,
    );
  }
  return lock;
}

/** Serialises a lock deterministically (stable key order, 2-space JSON, final newline). */
export function formatLock(lock: SerialLock): string {
  return `${JSON.stringify(lock, null, 2)}\n`;
}
