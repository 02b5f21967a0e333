import { DateTime, Info } from "luxon";
import { SettingError } from "../errors.js";
import { parseSkip } from "./skip.js";

/**
 * A cadence as parsed from `--every` (or `series.every`):
 * - `every`: one step of calendar time from the start (`day`, `week`, `N days`, `N weeks`);
 * - `weekdays`: the listed ISO weekdays (1 = Monday … 7 = Sunday), from the start on;
 * - `dates`: an explicit list of calendar dates, each optionally with its own time.
 */
export type Cadence =
  | { kind: "every"; unit: "days" | "weeks"; count: number }
  | { kind: "weekdays"; days: number[] }
  | { kind: "dates"; dates: { date: string; time?: string }[] };

/** The accepted forms, for messages. */
export const CADENCE_FORMS =
  "`day` (or `daily`), `week` (or `weekly`: the start's weekday), `weekdays` (Monday to Friday), " +
  "named days such as `mon,thu`, `every N days`, `every N weeks`, " +
  "or a list of dates such as `2027-03-02, 2027-03-09T18:00`";

const DAY_NAMES: Record<string, number> = {
  mon: 1,
  monday: 1,
  tue: 2,
  tues: 2,
  tuesday: 2,
  wed: 3,
  weds: 3,
  wednesday: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
  sun: 7,
  sunday: 7,
};

const LIST_ENTRY = /^(\d{4}-\d{2}-\d{2})(?:T(\d{1,2}:\d{2}))?$/;

/**
 * Parses a cadence. Accepted forms, case-insensitive, an optional leading
 * `every`: `day`/`daily`, `week`/`weekly`, `N days`, `N weeks` (N ≥ 1),
 * `weekdays`, weekday names (`mon,thu`, `tuesday and thursday`), or a list
 * of dates `YYYY-MM-DD[THH:MM]` separated by commas or spaces (a YAML list
 * in the report's front matter arrives joined by commas).
 *
 * @throws SettingError naming the value and the accepted forms; for a list,
 *   naming the entry that is not a date or is out of order.
 */
export function parseCadence(every: string): Cadence {
  const raw = String(every);
  const text = raw.trim().toLowerCase();
  if (/^\d{4}-/.test(text)) return parseDateList(raw);
  const rest = text.replace(/^every\s+/, "");
  if (rest === "day" || rest === "daily") return { kind: "every", unit: "days", count: 1 };
  if (rest === "week" || rest === "weekly") return { kind: "every", unit: "weeks", count: 1 };
  if (rest === "weekdays" || rest === "weekday") return { kind: "weekdays", days: [1, 2, 3, 4, 5] };
  const m = /^(\d+)\s*(day|days|week|weeks)$/.exec(rest);
  if (m && Number(m[1]) >= 1)
    return { kind: "every", unit: m[2]!.startsWith("day") ? "days" : "weeks", count: Number(m[1]) };
  const names = rest.split(/\s*(?:,|&|\/|\+|\band\b|\s)\s*/).filter((n) => n && n !== "and");
  const days = names.map((n) => DAY_NAMES[n.replace(/s$/, "")] ?? DAY_NAMES[n]);
  if (names.length > 0 && days.every((d) => d !== undefined)) {
    return { kind: "weekdays", days: [...new Set(days as number[])].sort((a, b) => a - b) };
  }
  const unknown = names[days.findIndex((d) => d === undefined)];
  if (days.some((d) => d !== undefined) && unknown !== undefined) {
    throw new SettingError(
      `"${unknown}" in cadence "${raw}" is not a weekday; name days as mon, tue, wed, thu, fri, sat, sun (or in full), e.g. \`mon,thu\`.`,
    );
  }
  throw new SettingError(`cadence "${raw}" is not understood; use ${CADENCE_FORMS}.`);
}

function parseDateList(raw: string): Cadence {
  const entries = raw.split(/[\s,]+/).filter(Boolean);
  const dates = entries.map((entry) => {
    const m = LIST_ENTRY.exec(entry);
    if (!m || !DateTime.fromISO(m[1]!, { zone: "utc" }).isValid || (m[2] && !parseTime(m[2]))) {
      throw new SettingError(
        `release date "${entry}" in the list "${raw}" is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM, e.g. 2027-03-02 or 2027-03-02T18:00.`,
      );
    }
    const t = m[2] ? parseTime(m[2])! : null;
    const hhmm = t ? `${String(t.hour).padStart(2, "0")}:${String(t.minute).padStart(2, "0")}` : "";
    return t ? { date: m[1]!, time: hhmm } : { date: m[1]! };
  });
  dates.forEach((d, i) => {
    const prev = dates[i - 1];
    if (prev && `${d.date}T${d.time ?? ""}` <= `${prev.date}T${prev.time ?? ""}`)
      throw new SettingError(
        `release dates must be listed in order, once each: "${entries[i]}" comes after "${entries[i - 1]}" in "${raw}".`,
      );
  });
  return { kind: "dates", dates };
}

/** What a schedule needs: start date, cadence, local time, IANA zone and days to skip. */
export interface ScheduleSettings {
  /** ISO calendar date `YYYY-MM-DD` of the first release, in `timezone` (unused by a list of dates). */
  start: string;
  /** Cadence, see {@link parseCadence}. */
  every: string;
  /** `HH:MM`, 24-hour clock, local to `timezone`. */
  time: string;
  /** IANA zone name, e.g. `Europe/Amsterdam`. */
  timezone: string;
  /** Days with no release: `YYYY-MM-DD` or ranges `YYYY-MM-DD..YYYY-MM-DD` (see skip.ts). */
  skip?: readonly string[];
}

/**
 * Release dates for `count` parts: the cadence's days from `start` on
 * (calendar days in `timezone`), leaving out skipped days, each at `time`
 * in `timezone`. A skipped day is a slot not used: the part goes to the
 * cadence's next day and every later part moves up one slot.
 *
 * Days are calendar arithmetic, so 09:00 stays 09:00 across DST. A local
 * time that a DST change makes ambiguous or nonexistent is read as RFC 5545
 * §3.3.5 reads it: the first of two occurrences; in a gap, the offset from
 * before the gap (02:30 in a 02:00→03:00 gap is 03:30 in the new offset).
 *
 * With `options.after` (an instant, ISO 8601), releases at or before it are
 * left out too: a re-split schedules the parts not yet out after the last
 * part already out, on the cadence's next free days.
 *
 * @returns ISO 8601 timestamps with offset, e.g. `2027-03-30T09:00:00+02:00`.
 * @throws SettingError for an unknown zone, a bad time, start date, cadence or
 *   skip entry, or a list of dates shorter than `count` after skipping.
 */
export function releaseDates(
  settings: ScheduleSettings,
  count: number,
  options: { after?: string } = {},
): string[] {
  const after = options.after ? Date.parse(options.after) : -Infinity;
  const zone = checkZone(settings.timezone);
  const time = checkTime(settings.time);
  const start = checkStart(settings.start);
  const cadence = parseCadence(settings.every);
  const skip = parseSkip(settings.skip ?? []);
  const out: string[] = [];
  let skipped = 0;
  let past = 0;
  for (const slot of slots(cadence, start)) {
    if (out.length >= count) break;
    if (skip.has(slot.date)) {
      skipped++;
      continue;
    }
    const release = atLocal(slot.date, slot.time ? parseTime(slot.time)! : time, zone);
    if (release.toMillis() <= after) {
      past++;
      continue;
    }
    out.push(toIso(release));
  }
  if (out.length < count) {
    const listed = cadence.kind === "dates" ? cadence.dates.length : 0;
    const unused = [
      skipped ? `${skipped} of them skipped` : "",
      past ? `${past} at or before the last part already out` : "",
    ].filter(Boolean);
    throw new SettingError(
      `the list of release dates (--every or series.every) has ${listed} date(s)${unused.map((u) => `, ${u}`).join("")}, but ${count} part(s) need a date; list ${count - out.length} more, or make parts larger (--target-words).`,
    );
  }
  return out;
}

/** The cadence's days (calendar dates, zone-free) from `start` on. */
function* slots(cadence: Cadence, start: string): Generator<{ date: string; time?: string }> {
  if (cadence.kind === "dates") {
    yield* cadence.dates;
    return;
  }
  const first = DateTime.fromISO(start, { zone: "utc" });
  // Year 9999 ends the calendar: only a skip range reaching it can exhaust the days.
  for (let i = 0; ; i++) {
    const day =
      cadence.kind === "every"
        ? first.plus({ [cadence.unit]: cadence.count * i })
        : first.plus({ days: i });
    if (day.year > 9999) return;
    if (cadence.kind === "weekdays" && !cadence.days.includes(day.weekday)) continue;
    yield { date: day.toISODate()! };
  }
}

/**
 * The instant of wall-clock `time` on calendar `date` in `zone`, with RFC
 * 5545 §3.3.5's choices for DST gaps and overlaps (see {@link releaseDates}).
 */
export function atLocal(
  date: string,
  time: { hour: number; minute: number },
  zone: string,
): DateTime {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const local = { year, month, day, ...time, second: 0, millisecond: 0 };
  // luxon resolves a gap forward by its length (as RFC 5545 does) but an overlap to the later offset.
  const dt = DateTime.fromObject(local, { zone });
  const before = dt.minus({ hours: 6 }).offset;
  if (before > dt.offset) {
    const earlier = DateTime.fromMillis(dt.toMillis() - (before - dt.offset) * 60_000, { zone });
    if (earlier.hour === time.hour && earlier.minute === time.minute && earlier.day === day)
      return earlier;
  }
  return dt;
}

/** Parses `HH:MM` on a 24-hour clock; null when it is not one. */
export function parseTime(text: string): { hour: number; minute: number } | null {
  const t = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(String(text).trim());
  return t ? { hour: Number(t[1]), minute: Number(t[2]) } : null;
}

/**
 * Reads a publish time `HH:MM` on a 24-hour clock.
 *
 * @throws SettingError naming the value and the form to write.
 */
function checkTime(text: string): { hour: number; minute: number } {
  const time = parseTime(text);
  if (!time)
    throw new SettingError(
      `publish time "${text}" is not a time; use HH:MM on a 24-hour clock, e.g. 09:00.`,
    );
  return time;
}

/**
 * Checks an IANA zone name.
 *
 * @throws SettingError naming the value and examples.
 */
export function checkZone(timezone: string): string {
  if (!Info.isValidIANAZone(timezone)) {
    throw new SettingError(
      `time zone "${timezone}" is not an IANA zone name; use one like Europe/Amsterdam, Africa/Nairobi or UTC.`,
    );
  }
  return timezone;
}

function checkStart(start: string): string {
  const text = String(start).trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || !DateTime.fromISO(text, { zone: "utc" }).isValid) {
    throw new SettingError(`start date "${start}" is not a date; use YYYY-MM-DD, e.g. 2027-03-02.`);
  }
  return text;
}

/** ISO 8601 with offset and without milliseconds: `2027-03-30T09:00:00+02:00`. */
export function toIso(dt: DateTime): string {
  return dt.toISO({ suppressMilliseconds: true, includeOffset: true })!;
}

/**
 * Checks the schedule fields one by one (zone, time, start, cadence), as
 * {@link releaseDates} reads them.
 *
 * @param fail makes the error for a field from its message (the caller adds
 *   where the value came from).
 * @throws what `fail` returns, for the first field that cannot be read.
 */
export function checkSchedule(
  settings: Pick<ScheduleSettings, "timezone" | "time" | "start" | "every">,
  fail: (key: "timezone" | "time" | "start" | "every", message: string) => Error,
): void {
  const checks: ["timezone" | "time" | "start" | "every", () => unknown][] = [
    ["timezone", () => checkZone(settings.timezone)],
    ["time", () => checkTime(settings.time)],
    ["start", () => checkStart(settings.start)],
    ["every", () => parseCadence(settings.every)],
  ];
  for (const [key, check] of checks) {
    try {
      check();
    } catch (error) {
      if (error instanceof SettingError) throw fail(key, error.message);
      throw error;
    }
  }
}
