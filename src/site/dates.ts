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
  const key = `${iso} ${zone} ${locale}`;
  let text = formatted.get(key);
  if (text === undefined) {
    const dt = DateTime.fromISO(iso, { zone });
    text = /^en(?:-|$)/i.test(locale)
      ? dt.setLocale("en-GB").toFormat("cccc d LLLL yyyy")
      : dt.setLocale(locale).toLocaleString(DateTime.DATE_HUGE);
    formatted.set(key, text);
  }
  return text;
}

/**
 * Dates already formatted, by date, zone and locale: a part's date is shown on
 * its post page, the contents and whole-report pages and the neighbours' links,
 * and luxon's formatting was 2 % of a 16x build. A few entries per part.
 */
const formatted = new Map<string, string>();

/** A release date and time for readers: `Tuesday 6 October 2026, 09:00 CEST`. */
export function formatDateTime(iso: string, zone: string, locale = "en-GB"): string {
  return DateTime.fromISO(iso, { zone }).setLocale(locale).toFormat("cccc d LLLL yyyy, HH:mm ZZZZ");
}
