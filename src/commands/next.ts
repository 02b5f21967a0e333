import { Duration } from "luxon";
import { requireLock } from "../posts/lock.js";
import { currentTime, isReleased } from "../schedule/gate.js";
import { formatDateTime } from "../site/dates.js";

/** Options of `serialpress next`, as the CLI passes them. */
export interface NextCommandOptions {
  /** Folder of the posts and `serial.lock.json`. */
  posts: string;
  /** Print JSON (see {@link NextRelease}) instead of text. */
  json?: boolean;
  /** The instant to look from (default: SERIAL_NOW or the clock). */
  now?: Date;
  /** Where to print (default: stdout). */
  print?: (line: string) => void;
}

/** What `serialpress next --json` prints. */
export interface NextRelease {
  /** The instant looked from, ISO 8601 UTC. */
  now: string;
  /** IANA zone of the series. */
  timezone: string;
  /** Parts released at `now`, and in the series. */
  released: number;
  total: number;
  /** The next part to come out, or null when every part is out. */
  next: {
    /** 1-based part number. */
    part: number;
    id: string;
    /** Site-relative permalink, `/posts/<slug>/`. */
    permalink: string;
    /** Release date, ISO 8601 with the series' offset, as in the lock. */
    date: string;
    /** The same instant in UTC, ISO 8601. */
    utc: string;
    /** For people: `Tuesday 6 April 2027, 09:00 CEST`, in the series' zone. */
    human: string;
    /** Whole seconds from `now` to the release. */
    seconds: number;
  } | null;
}

/**
 * `serialpress next`: reads `serial.lock.json` and tells when the next part
 * comes out, for a person or a scheduled CI job. Text output is two lines,
 * the release instant (ISO 8601 with offset) and a sentence; with `json`, a
 * {@link NextRelease}. Titles are never printed.
 *
 * @throws InputError when the folder has no lock file (or an unreadable one).
 */
export async function runNext(options: NextCommandOptions): Promise<NextRelease> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const lock = await requireLock(options.posts);
  const now = options.now ?? currentTime();
  const zone = lock.settings.timezone;
  const coming = lock.parts
    .filter((p) => !isReleased(p.date, now))
    .sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
  const part = coming[0];
  const result: NextRelease = {
    now: now.toISOString(),
    timezone: zone,
    // Withdrawn parts are not counted as out, as `serialpress status` counts them.
    released: lock.parts.length - coming.length - lock.parts.filter((p) => p.withdrawn).length,
    total: lock.parts.length,
    next: part
      ? {
          part: part.number,
          id: part.id,
          permalink: part.permalink,
          date: part.date,
          utc: new Date(part.date).toISOString(),
          human: formatDateTime(part.date, zone),
          seconds: Math.floor((Date.parse(part.date) - now.getTime()) / 1000),
        }
      : null,
  };
  if (options.json) {
    print(JSON.stringify(result, null, 2));
  } else if (result.next) {
    print(result.next.date);
    print(
      `Part ${result.next.part} of ${result.total} comes out on ${result.next.human}, in ${waitText(result.next.seconds)}. Out so far: ${result.released} of ${result.total}.`,
    );
  } else {
    print(`All ${result.total} parts are out; no release is scheduled.`);
  }
  return result;
}

/** A wait for people, to the minute: `2 days, 13 hours, 5 minutes` (`less than a minute` below 60 s). */
export function waitText(seconds: number): string {
  const d = Duration.fromObject({ minutes: Math.floor(seconds / 60) })
    .shiftTo("days", "hours", "minutes")
    .toObject();
  const units = (["days", "hours", "minutes"] as const).filter((u) => d[u]);
  if (units.length === 0) return "less than a minute";
  return Duration.fromObject(Object.fromEntries(units.map((u) => [u, d[u]])), {
    locale: "en-GB",
  }).toHuman();
}
