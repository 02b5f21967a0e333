import { readFile } from "node:fs/promises";
import { DateTime } from "luxon";
import { InputError, SettingError } from "../errors.js";

/** Calendar days on which no part is released: single dates and inclusive ranges. */
export interface SkipDays {
  /** Whether the calendar date `YYYY-MM-DD` is skipped. */
  has(date: string): boolean;
  /** The entries, normalised (`YYYY-MM-DD` or `YYYY-MM-DD..YYYY-MM-DD`), sorted, unique. */
  entries: string[];
}

const SKIP_FORMS =
  "use YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD, e.g. 2026-12-25 or 2026-12-24..2027-01-01";

const isDate = (text: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(text) && DateTime.fromISO(text, { zone: "utc" }).isValid;

/**
 * Checks one skip entry, a calendar date or an inclusive range `from..to`.
 *
 * @returns the entry as `[from, to]` (equal for a single date).
 * @throws SettingError naming the entry, where it came from and the accepted forms.
 */
export function parseSkipEntry(entry: string, source: string): [string, string] {
  const text = entry.trim();
  const [from, to = from, extra] = text.split("..").map((s) => s.trim());
  if (extra !== undefined || !from || !isDate(from) || !isDate(to)) {
    throw new SettingError(`skip date "${entry}" (${source}) is not a date; ${SKIP_FORMS}.`);
  }
  if (to < from) {
    throw new SettingError(
      `skip range "${entry}" (${source}) ends before it starts; write the earlier date first.`,
    );
  }
  return [from, to];
}

/**
 * Parses skip entries: each a date or range, or several separated by commas
 * (as `--skip 2026-12-25,2027-01-01` gives them). Dates are calendar days in
 * the series' time zone; a range includes both ends.
 *
 * @param source where the entries came from, for messages (e.g. `--skip`).
 * @throws SettingError naming the first bad entry.
 */
export function parseSkip(entries: readonly string[] = [], source = "series.skip"): SkipDays {
  const ranges = entries
    .flatMap((e) => String(e).split(","))
    .filter((e) => e.trim() !== "")
    .map((e) => parseSkipEntry(e, source));
  const normal = [...new Set(ranges.map(([a, b]) => (a === b ? a : `${a}..${b}`)))].sort();
  return {
    has: (date) => ranges.some(([a, b]) => a <= date && date <= b),
    entries: normal,
  };
}

/**
 * Reads a skip file (holidays): one date or range per line, optionally
 * followed by a label (`2026-12-25 Christmas Day`); blank lines and text
 * after `#` are ignored.
 *
 * @returns the entries in file order (dates and ranges only, labels dropped).
 * @throws InputError naming the file and 1-based line of a bad entry, or an unreadable file.
 */
export async function readSkipFile(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new InputError(
      file,
      undefined,
      `cannot read the skip file: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  const entries: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*/, "").trim();
    if (line === "") return;
    const entry = line.split(/\s+/)[0]!;
    try {
      const [from, to] = parseSkipEntry(entry, "one per line, a label may follow");
      entries.push(from === to ? from : `${from}..${to}`);
    } catch (error) {
      throw new InputError(file, i + 1, (error as Error).message, { cause: error });
    }
  });
  return entries;
}
