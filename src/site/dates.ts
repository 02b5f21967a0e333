import { DateTime } from "luxon";

/**
 * A release date for readers, in the series' zone: `Tuesday 6 October 2026`
 * in English; in another language its own full date (luxon's `DATE_HUGE`
 * in that locale: `mardi 6 octobre 2026`, `2026年10月6日火曜日`).
 *
 * @param iso ISO 8601 timestamp with offset.
 * @param zone IANA zone of the series.
 * @param locale BCP 47 locale (the series' language) for month and weekday names.
 */
export function formatDate(iso: string, zone: string, locale = "en-GB"): string {
  const dt = DateTime.fromISO(iso, { zone });
  return /^en(?:-|$)/i.test(locale)
    ? dt.setLocale("en-GB").toFormat("cccc d LLLL yyyy")
    : dt.setLocale(locale).toLocaleString(DateTime.DATE_HUGE);
}

/** A release date and time for readers: `Tuesday 6 October 2026, 09:00 CEST`. */
export function formatDateTime(iso: string, zone: string, locale = "en-GB"): string {
  return DateTime.fromISO(iso, { zone }).setLocale(locale).toFormat("cccc d LLLL yyyy, HH:mm ZZZZ");
}
