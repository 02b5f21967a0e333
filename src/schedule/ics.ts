import ICAL from "ical.js";
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
 * ical.js's iCalendar design set, plus the calendar properties it does not
 * know: NAME and REFRESH-INTERVAL (RFC 7986 §5.1, §5.7) and the
 * X-WR-CALNAME, X-WR-CALDESC and X-PUBLISHED-TTL extensions clients read
 * instead. With their types known, their values are escaped as TEXT and no
 * VALUE parameter is written where the type is the usual one.
 */
const DESIGN = {
  ...ICAL.design.icalendar,
  property: {
    ...ICAL.design.icalendar.property,
    name: { defaultType: "text" },
    "refresh-interval": { defaultType: "duration" },
    "x-wr-calname": { defaultType: "text" },
    "x-wr-caldesc": { defaultType: "text" },
    "x-published-ttl": { defaultType: "duration" },
  },
};

/** An iCalendar property as jCal (RFC 7265 §3.4): name, parameters, value type, value. */
type JCalProperty = [string, Record<string, string>, string, string | number];

/** A UTC DATE-TIME in jCal's form (RFC 7265 §3.5.5), e.g. `2027-01-05T09:00:00Z`. */
const utc = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * The series' release calendar, iCalendar (RFC 5545) written by ical.js from
 * jCal: one event per part, at its release instant (written in UTC, so no
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
 * @returns the calendar text, CRLF line endings, lines folded so that none
 *   is longer than 75 octets (RFC 5545 §3.1), never inside a character.
 */
export function renderCalendar(input: CalendarInput): string {
  const { name, siteUrl, parts, now } = input;
  const total = parts.length;
  const changes = parts
    .flatMap((p) => [p.date, p.updated])
    .filter((d): d is string => d !== undefined && isReleased(d, now))
    .map((d) => Date.parse(d));
  const stamp = utc(
    new Date(
      changes.length > 0 ? Math.max(...changes) : Math.min(...parts.map((p) => Date.parse(p.date))),
    ),
  );
  // A hint for clients to refresh, so released parts' titles show up.
  const ttl = "PT6H";
  const calendar: JCalProperty[] = [
    ["version", {}, "text", "2.0"],
    ["prodid", {}, "text", "-//serialpress//serialpress//EN"],
    ["url", {}, "uri", `${siteUrl}${input.path}`],
    ["name", {}, "text", name],
    ["x-wr-calname", {}, "text", name],
    ["x-wr-caldesc", {}, "text", `Release dates of ${name}, one event per part.`],
    // RFC 7986 §5.7: VALUE=DURATION is required here, even though it is the only type.
    ["refresh-interval", { value: "DURATION" }, "duration", ttl],
    ["x-published-ttl", {}, "duration", ttl],
  ];
  const events = parts.map((part) => {
    const start = new Date(part.date);
    const released = isReleased(part.date, now);
    const url = released ? `${siteUrl}${part.permalink}` : `${siteUrl}${input.contents}`;
    const event: JCalProperty[] = [
      ["uid", {}, "text", eventUid(part.guid)],
      ["sequence", {}, "integer", 0],
      ["dtstamp", {}, "date-time", stamp],
      ["dtstart", {}, "date-time", utc(start)],
      [
        "dtend",
        {},
        "date-time",
        utc(new Date(start.getTime() + readingMinutes(part.words) * 60_000)),
      ],
      [
        "summary",
        {},
        "text",
        released
          ? `${name}, Part ${part.number}: ${part.title}`
          : `${name}, Part ${part.number} of ${total}`,
      ],
      [
        "description",
        {},
        "text",
        released
          ? `Part ${part.number} of ${total} of ${name}: ${part.title}. ${url}`
          : `Part ${part.number} of ${total} of ${name} comes out. Find it on the contents page: ${url}`,
      ],
      ["url", { value: "URI" }, "uri", url],
    ];
    if (released && part.updated && isReleased(part.updated, now))
      event.push(["last-modified", {}, "date-time", utc(new Date(part.updated))]);
    return ["vevent", event, []];
  });
  // ical.js folds lines at ICAL.foldLength octets and puts a space before each
  // continuation, so 74 keeps every line within RFC 5545's 75. The setting is
  // the module's, shared with anything else in the process: restored after.
  const fold = ICAL.foldLength;
  ICAL.foldLength = 74;
  try {
    return ICAL.stringify.component(["vcalendar", calendar, events], DESIGN) + "\r\n";
  } finally {
    ICAL.foldLength = fold;
  }
}

/** The calendar event UID of a part: UUID v5 of its feed GUID. */
export function eventUid(guid: string): string {
  return uuidv5(guid, UID_NAMESPACE);
}
