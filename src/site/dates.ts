import { DateTime } from "luxon";

/**
 * A release date for readers, in the series' zone: `Tuesday 6 October 2026`.
 *
 * @param iso ISO 8601 timestamp with offset.
 * @param zone IANA zone of the series.
 * @param locale BCP 47 locale for month and weekday names.
 */
export function formatDate(iso: string, zone: string, locale = "en-GB"): string {
  return DateTime.fromISO(iso, { zone }).setLocale(locale).toFormat("cccc d LLLL yyyy");
}

/** A release date and time for readers: `Tuesday 6 October 2026, 09:00 CEST`. */
export function formatDateTime(iso: string, zone: string, locale = "en-GB"): string {
  return DateTime.fromISO(iso, { zone }).setLocale(locale).toFormat("cccc d LLLL yyyy, HH:mm ZZZZ");
}
