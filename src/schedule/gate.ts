import { DateTime } from "luxon";
import { SettingError } from "../errors.js";

/**
 * The one release predicate: a part exists on the site only once its release
 * date has come. Every collection, page, feed and link goes through it.
 *
 * @param date release date, ISO 8601 with offset (or a Date).
 * @param now the current instant (see {@link currentTime}).
 */
export function isReleased(date: string | Date, now: Date): boolean {
  const instant =
    date instanceof Date ? date.getTime() : DateTime.fromISO(date, { setZone: true }).toMillis();
  if (Number.isNaN(instant)) return false;
  return instant <= now.getTime();
}

/**
 * The clock the site is built against: `SERIAL_NOW` (an ISO 8601 timestamp,
 * for previews and tests) when set, else the real time.
 *
 * @throws SettingError when SERIAL_NOW is set but not an ISO timestamp.
 */
export function currentTime(env: NodeJS.ProcessEnv = process.env): Date {
  const override = env.SERIAL_NOW?.trim();
  if (!override) return new Date();
  const dt = DateTime.fromISO(override, { zone: "utc" });
  if (!dt.isValid) {
    throw new SettingError(
      `SERIAL_NOW="${override}" is not an ISO 8601 timestamp; use e.g. SERIAL_NOW=2027-03-01T10:00:00+01:00.`,
    );
  }
  return dt.toJSDate();
}
