import { readFile } from "node:fs/promises";
import { InputError } from "../errors.js";
import type { PartSection, SeriesSettings } from "../types.js";

/** File name of the lock file, written next to the posts. */
export const LOCK_FILE = "serial.lock.json";

/** The lock file's format version; bump on incompatible changes. */
export const LOCK_VERSION = 1;

/** One part as the lock file remembers it. */
export interface LockedPart {
  id: string;
  number: number;
  slug: string;
  /** Site-relative permalink, `/posts/<slug>/`. */
  permalink: string;
  /** Feed GUID (`urn:uuid:`), never derived from the title or date. */
  guid: string;
  title: string;
  /** Release date, ISO 8601 with offset. */
  date: string;
  /** Last change of a released part's text, ISO 8601 with offset; absent if never changed. */
  updated?: string;
  /** Post file name inside the posts folder. */
  file: string;
  sections: PartSection[];
  anchors: string[];
  /** Whether the part's text begins with a heading (else the page supplies its title). */
  opensWithHeading: boolean;
  words: number;
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
  let lock: SerialLock;
  try {
    lock = JSON.parse(text) as SerialLock;
  } catch (cause) {
    throw new InputError(
      path,
      undefined,
      `the lock file is not valid JSON (${(cause as Error).message}); restore it from version control.`,
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
