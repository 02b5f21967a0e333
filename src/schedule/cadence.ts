import { DateTime, Duration, Info } from "luxon";
import { SettingError } from "../errors.js";

/** A cadence as parsed from `--every`: one step of calendar time. */
export type Cadence = { unit: "days" | "weeks"; count: number };

const FORMS = "`day`, `daily`, `week`, `weekly`, `N days` or `N weeks` (e.g. `2 weeks`)";

/**
 * Parses a cadence. Accepted forms: `day`/`daily`, `week`/`weekly`,
 * `N days`, `N weeks` (N a whole number from 1).
 *
 * @throws SettingError naming the value and the accepted forms.
 */
export function parseCadence(every: string): Cadence {
  const text = String(every).trim().toLowerCase();
  if (text === "day" || text === "daily") return { unit: "days", count: 1 };
  if (text === "week" || text === "weekly") return { unit: "weeks", count: 1 };
  const m = /^(?:every\s+)?(\d+)\s*(day|days|week|weeks)$/.exec(text);
  if (m && Number(m[1]) >= 1)
    return { unit: m[2]!.startsWith("day") ? "days" : "weeks", count: Number(m[1]) };
  throw new SettingError(`cadence "${every}" is not understood; use ${FORMS}.`);
}

/** What a schedule needs: start date, cadence, local time and IANA zone. */
export interface ScheduleSettings {
  /** ISO calendar date `YYYY-MM-DD` of the first release, in `timezone`. */
  start: string;
  every: string;
  /** `HH:MM`, 24-hour clock, local to `timezone`. */
  time: string;
  /** IANA zone name, e.g. `Europe/Amsterdam`. */
  timezone: string;
}

/**
 * Release dates for `count` parts: part 1 on `start` at `time` in
 * `timezone`, each next one a calendar step later. Steps are calendar
 * arithmetic (luxon `plus({ days })`), so 09:00 stays 09:00 across DST.
 *
 * @returns ISO 8601 timestamps with offset, e.g. `2027-03-30T09:00:00+02:00`.
 * @throws SettingError for an unknown zone, a bad time or start date, or cadence.
 */
export function releaseDates(settings: ScheduleSettings, count: number): string[] {
  const first = firstRelease(settings);
  const cadence = parseCadence(settings.every);
  return Array.from({ length: count }, (_, i) => {
    const step = Duration.fromObject({ [cadence.unit]: cadence.count * i });
    return toIso(first.plus(step));
  });
}

/** The first release as a luxon DateTime in the series' zone (validated). */
export function firstRelease(settings: ScheduleSettings): DateTime {
  const { start, time, timezone } = settings;
  if (!Info.isValidIANAZone(timezone)) {
    throw new SettingError(
      `time zone "${timezone}" is not an IANA zone name; use one like Europe/Amsterdam, Africa/Nairobi or UTC.`,
    );
  }
  const t = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(String(time).trim());
  if (!t)
    throw new SettingError(
      `publish time "${time}" is not a time; use HH:MM on a 24-hour clock, e.g. 09:00.`,
    );
  const day = DateTime.fromISO(String(start).trim(), { zone: timezone });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(String(start).trim()) || !day.isValid) {
    throw new SettingError(`start date "${start}" is not a date; use YYYY-MM-DD, e.g. 2027-03-02.`);
  }
  const dt = day.set({ hour: Number(t[1]), minute: Number(t[2]), second: 0, millisecond: 0 });
  return dt;
}

/** ISO 8601 with offset and without milliseconds: `2027-03-30T09:00:00+02:00`. */
export function toIso(dt: DateTime): string {
  return dt.toISO({ suppressMilliseconds: true, includeOffset: true })!;
}
