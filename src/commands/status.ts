import { join } from "node:path";
import { SettingError } from "../errors.js";
import { LOCK_FILE, readLock } from "../posts/lock.js";
import { currentTime, isReleased } from "../schedule/gate.js";
import { formatDateTime } from "../site/dates.js";

/** One part's state at an instant, as `serialpress status --json` prints it. */
export interface PartState {
  number: number;
  id: string;
  title: string;
  permalink: string;
  /** Release date, ISO 8601 with offset. */
  date: string;
  state: "released" | "upcoming" | "withdrawn";
  /** Last change after release, ISO 8601 with offset, or null. */
  updated: string | null;
}

/** The series at an instant: its parts and the next release. */
export interface SeriesStatus {
  series: string;
  /** The instant the states are for (SERIAL_NOW or the clock), ISO 8601 UTC. */
  now: string;
  timezone: string;
  parts: PartState[];
  /** The next part to be released, or null when all are out. */
  next: { number: number; title: string; date: string; human: string } | null;
}

/**
 * Reads `serial.lock.json` in `postsDir` and tells, for each part in release
 * order, whether it is released, upcoming or withdrawn at `now`.
 *
 * @throws SettingError when the folder has no lock (nothing was split yet).
 */
export async function seriesStatus(
  postsDir: string,
  now: Date = currentTime(),
): Promise<SeriesStatus> {
  const lock = await readLock(join(postsDir, LOCK_FILE));
  if (!lock)
    throw new SettingError(
      `${join(postsDir, LOCK_FILE)} does not exist: split a report first (serialpress split <report.md> --out ${postsDir}).`,
    );
  const zone = lock.settings.timezone;
  const parts: PartState[] = [...lock.parts]
    .sort((a, b) => a.number - b.number)
    .map((p) => ({
      number: p.number,
      id: p.id,
      title: p.title,
      permalink: p.permalink,
      date: p.date,
      state: p.withdrawn ? "withdrawn" : isReleased(p.date, now) ? "released" : "upcoming",
      updated: p.updated ?? null,
    }));
  const upcoming = parts.find((p) => p.state === "upcoming");
  return {
    series: lock.series.name,
    now: now.toISOString(),
    timezone: zone,
    parts,
    next: upcoming
      ? {
          number: upcoming.number,
          title: upcoming.title,
          date: upcoming.date,
          human: formatDateTime(upcoming.date, zone),
        }
      : null,
  };
}

/** `serialpress status` as text: a table of parts, then the next release. */
export function statusText(status: SeriesStatus): string {
  const rows = status.parts.map((p) => [
    String(p.number),
    p.date,
    p.state,
    p.updated ? `updated ${p.updated}` : "",
    p.title,
  ]);
  const head = ["Part", "Release date", "State", "Updated", "Title"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 4 ? c : i === 0 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ");
  const released = status.parts.filter((p) => p.state === "released").length;
  const next = status.next
    ? `Next release: part ${status.next.number}, ${status.next.date} (${status.next.human}).`
    : "Every part is released.";
  return [
    `${status.series}: ${released} of ${status.parts.length} parts released.`,
    line(head),
    ...rows.map(line),
    next,
  ].join("\n");
}
