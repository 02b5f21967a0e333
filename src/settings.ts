import { SettingError } from "./errors.js";
import { checkSchedule } from "./schedule/cadence.js";
import { parseSkip } from "./schedule/skip.js";
import type { ReportMeta, SeriesSettings } from "./types.js";

/** Defaults for settings given neither as flags nor in the report's front matter. */
export const DEFAULTS = {
  every: "week",
  time: "09:00",
  timezone: "UTC",
  targetWords: 800,
} as const;

/** Command-line flags by setting, for messages. */
const FLAGS: Partial<Record<keyof SeriesSettings, string>> = {
  timezone: "--tz",
  targetWords: "--target-words",
  minWords: "--min-words",
  maxWords: "--max-words",
  splitLevel: "--split-level",
  skipFile: "--skip-file",
  base: "--base",
};

/**
 * The layout of a series' posts, written into the posts folder's directory
 * data file. Inside `_includes/serialpress/`, so it never takes the name of a
 * layout of the site the series lives in; a site's own file of that name wins.
 */
export const POST_LAYOUT = "serialpress/post.njk";

/** The path a series lives under when none is given: the site's root. */
export const ROOT_BASE = "/";

/** The site path a series lives under: its settings' `base`, else {@link ROOT_BASE}. */
export const seriesBase = (settings?: Pick<SeriesSettings, "base">): string =>
  settings?.base ?? ROOT_BASE;

/**
 * Site-relative permalink of a part's post, `<base>posts/<slug>/`
 * (`/posts/method/` for a series at the site's root).
 */
export function postPermalink(slug: string, base: string = ROOT_BASE): string {
  return `${base}posts/${slug}/`;
}

/** The files settings come from, named in messages. */
export interface SettingFiles {
  /** The file holding the report's `series:` block: the report, or a Word or HTML report's `<name>.yaml`. */
  report?: string;
  /** The series' lock file. */
  lock?: string;
}

/**
 * Resolves series settings with this precedence: command-line flags, then
 * the report's front matter `series:` block, then the settings the series'
 * lock recorded (`locked`, so a re-split without flags changes nothing),
 * then {@link DEFAULTS} (start
 * defaults to `today`, an ISO date the caller passes in). `minWords` and
 * `maxWords` default to half and twice the target. `every` given as a YAML
 * list of dates becomes one comma-separated string; `skip` entries are
 * checked and sorted (the split adds the entries of `skipFile`, which it reads).
 *
 * @throws SettingError naming where the value came from (the flag, the
 *   report's file and `series.<field>`, or the lock's `settings.<field>`)
 *   when a size is not a positive number, the zone, time, start or cadence
 *   cannot be read, `every` is an empty list, or a skip entry is not a date.
 */
export function resolveSettings(
  flags: Partial<SeriesSettings>,
  meta: ReportMeta,
  today: string,
  locked?: Partial<SeriesSettings>,
  files: SettingFiles = {},
): SeriesSettings {
  /** Where a setting's value came from, for messages: the flag, the file and field, or the lock. */
  const origin = (key: keyof SeriesSettings): string => {
    const flag = flags[key];
    if (flag !== undefined && flag !== null && flag !== "") return FLAGS[key] ?? `--${key}`;
    if (meta.series[key] !== undefined && meta.series[key] !== null)
      return `${files.report ?? "the report's front matter"}: series.${key}`;
    if (locked?.[key] !== undefined) return `${files.lock ?? "serial.lock.json"}: settings.${key}`;
    return `the default ${key}`;
  };
  const pick = <K extends keyof SeriesSettings>(key: K): SeriesSettings[K] | undefined => {
    const flag = flags[key];
    if (flag !== undefined && flag !== null && flag !== "") return flag;
    const fromReport = meta.series[key];
    if (fromReport !== undefined && fromReport !== null) return fromReport;
    // A re-split without flags keeps the series' settings (the lock's), never the defaults.
    const fromLock = locked?.[key];
    return fromLock === undefined || fromLock === null ? undefined : fromLock;
  };
  const size = (key: "targetWords" | "minWords" | "maxWords", fallback: number): number => {
    const value = pick(key) ?? fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1)
      throw new SettingError(
        `${origin(key)}: ${key} must be a whole number of words above 0, not "${value}".`,
      );
    return n;
  };
  const targetWords = size("targetWords", DEFAULTS.targetWords);
  const minWords = size("minWords", Math.round(targetWords / 2));
  const maxWords = size("maxWords", targetWords * 2);
  if (minWords > targetWords || maxWords < targetWords) {
    throw new SettingError(
      `word sizes must satisfy minWords <= targetWords <= maxWords (got ${minWords}, ${targetWords}, ${maxWords}).`,
    );
  }
  const level = pick("splitLevel");
  const splitLevel = level === undefined ? undefined : Number(level);
  if (
    splitLevel !== undefined &&
    !(Number.isInteger(splitLevel) && splitLevel >= 1 && splitLevel <= 6)
  ) {
    throw new SettingError(
      `${origin("splitLevel")}: splitLevel must be a heading level from 1 to 6, not "${level}".`,
    );
  }
  const every: unknown = pick("every") ?? DEFAULTS.every;
  if (Array.isArray(every) && every.length === 0) {
    throw new SettingError(
      "series.every in the report is an empty list of release dates; list one date per part (YYYY-MM-DD), e.g. [2027-03-02, 2027-03-09], or use a cadence such as `week`.",
    );
  }
  const skipFlag = flags.skip?.length ? flags.skip : undefined;
  const skipList: unknown = skipFlag ?? meta.series.skip ?? locked?.skip ?? [];
  const skip = parseSkip(
    (Array.isArray(skipList) ? skipList : [skipList]).map(String),
    skipFlag ? "--skip" : "the report's series.skip",
  ).entries;
  const skipFile = pick("skipFile");
  const base = pick("base");
  if (base !== undefined && !/^\/(?:[a-z0-9][a-z0-9._~-]*\/)*$/.test(String(base))) {
    throw new SettingError(
      `${origin("base")}: base must be a site path with a slash at each end, in lower-case letters, digits, "-", "." or "_" (e.g. /reports/learning-together/), not "${base}".`,
    );
  }
  const schedule = {
    start: String(pick("start") ?? today),
    every: Array.isArray(every) ? every.map(String).join(", ") : String(every),
    time: String(pick("time") ?? DEFAULTS.time),
    timezone: String(pick("timezone") ?? DEFAULTS.timezone),
  };
  // Checked here, where it is known whether a value came from a flag, the
  // report's front matter or the lock, so the message names it.
  checkSchedule(schedule, (key, message) => new SettingError(`${origin(key)}: ${message}`));
  return {
    name: String(pick("name") ?? meta.title),
    ...schedule,
    targetWords,
    minWords,
    maxWords,
    ...(splitLevel ? { splitLevel } : {}),
    ...(skip.length ? { skip } : {}),
    ...(skipFile ? { skipFile: String(skipFile) } : {}),
    // Recorded only off the root, so the lock of a series at "/" stays as it was.
    ...(base !== undefined && base !== ROOT_BASE ? { base: String(base) } : {}),
  };
}
