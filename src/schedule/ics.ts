import ical from "ical-generator";
import { v5 as uuidv5 } from "uuid";
import type { LockedPart } from "../posts/lock.js";
import { isReleased } from "./gate.js";

/** Namespace for event UIDs (UUID v5 of the part's GUID): fixed, so UIDs are stable. */
const UID_NAMESPACE = "3b0d6f5c-8e2a-5c71-b9d4-2f6a1e7c9a30";

/** What the release calendar needs; plain data, so it builds the same anywhere. */
export interface CalendarInput {
  /** Series name, e.g. "Learning Together". */
  name: string;
  /** Absolute site URL without a trailing slash, e.g. `https://example.org`. */
  siteUrl: string;
  /** Site-relative path of the calendar itself, e.g. `/schedule.ics`. */
  path: string;
  /** Site-relative path of the series' contents page, e.g. `/contents/`: where a part not out yet links. */
  contents: string;
  /** Every part of the series, from the lock (released or not). */
  parts: LockedPart[];
  /** The instant the site is built for (the release gate's `now`). */
  now: Date;
}

/** Minutes a part takes to read (230 words a minute, at least 1): the event's length. */
export const readingMinutes = (words: number): number => Math.max(1, Math.round(words / 230));

/**
 * The series' release calendar, iCalendar (RFC 5545) via ical-generator:
 * one event per part, at its release instant (written in UTC, so no
 * VTIMEZONE is needed and the file is the same under any machine zone),
 * lasting the part's reading time.
 *
 * The schedule is the point of the file, so every part has an event; but
 * the release gate still holds for titles and pages: an unreleased part's
 * event is "<series>, Part N of M" and links to the contents page, never to
 * its own page. Once released it gets its title and permalink.
 *
 * - UID: a UUID v5 of the part's feed GUID (a UUID, as RFC 7986 §5.3
 *   recommends), so an event keeps its identity across builds, edits and
 *   re-splits, while the feed GUID itself appears only once the part is out.
 * - DTSTAMP: the latest release or update at or before `now` (else the first
 *   release), so two builds of the same series at the same state are byte-identical.
 *
 * @returns the calendar text, CRLF line endings, lines folded at 75 octets.
 */
export function renderCalendar(input: CalendarInput): string {
  const { name, siteUrl, parts, now } = input;
  const total = parts.length;
  const changes = parts
    .flatMap((p) => [p.date, p.updated])
    .filter((d): d is string => d !== undefined && isReleased(d, now))
    .map((d) => Date.parse(d));
  const stamp = new Date(
    changes.length > 0 ? Math.max(...changes) : Math.min(...parts.map((p) => Date.parse(p.date))),
  );
  const calendar = ical({
    // ical-generator 10.2 writes the calendar's NAME and X-WR-CALDESC unescaped; they are TEXT.
    name: escapeText(name),
    description: escapeText(`Release dates of ${name}, one event per part.`),
    prodId: { company: "serialpress", product: "serialpress", language: "EN" },
    url: `${siteUrl}${input.path}`,
    // A hint for clients to refresh, so released parts' titles show up.
    ttl: 6 * 60 * 60,
  });
  for (const part of parts) {
    const start = new Date(part.date);
    const released = isReleased(part.date, now);
    const url = released ? `${siteUrl}${part.permalink}` : `${siteUrl}${input.contents}`;
    calendar.createEvent({
      id: eventUid(part.guid),
      stamp,
      start,
      end: new Date(start.getTime() + readingMinutes(part.words) * 60_000),
      summary: released
        ? `${name}, Part ${part.number}: ${part.title}`
        : `${name}, Part ${part.number} of ${total}`,
      description: released
        ? `Part ${part.number} of ${total} of ${name}: ${part.title}. ${url}`
        : `Part ${part.number} of ${total} of ${name} comes out. Find it on the contents page: ${url}`,
      url,
      ...(released && part.updated && isReleased(part.updated, now)
        ? { lastModified: new Date(part.updated) }
        : {}),
    });
  }
  return calendar.toString();
}

/** The calendar event UID of a part: UUID v5 of its feed GUID. */
export function eventUid(guid: string): string {
  return uuidv5(guid, UID_NAMESPACE);
}

/** RFC 5545 §3.3.11 TEXT escaping: backslash, semicolon, comma and newline. */
function escapeText(text: string): string {
  return text.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, "\\n");
}
