import { isReleased } from "../schedule/gate.js";
import type { LockedPart, SerialLock } from "../posts/lock.js";

/**
 * The series as the site sees it at one instant: the lock's parts, which of
 * them are released, and where every section and anchor lives.
 */
export interface SeriesView {
  lock: SerialLock | null;
  now: Date;
  parts: LockedPart[];
  released: LockedPart[];
  /** Part by part id. */
  byId: Map<string, LockedPart>;
  /** Part holding a section id or explicit anchor. */
  anchorIndex: Map<string, LockedPart>;
}

/** Builds the {@link SeriesView} for a lock (or an empty series) at `now`. */
export function seriesView(lock: SerialLock | null, now: Date): SeriesView {
  const parts = lock?.parts ?? [];
  const anchorIndex = new Map<string, LockedPart>();
  for (const part of parts) {
    for (const s of part.sections) {
      if (!anchorIndex.has(s.id)) anchorIndex.set(s.id, part);
      if (s.alias && !anchorIndex.has(s.alias)) anchorIndex.set(s.alias, part);
    }
    for (const a of part.anchors) if (!anchorIndex.has(a)) anchorIndex.set(a, part);
  }
  return {
    lock,
    now,
    parts,
    released: parts.filter((p) => isReleased(p.date, now)),
    byId: new Map(parts.map((p) => [p.id, p])),
    anchorIndex,
  };
}
