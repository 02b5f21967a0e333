/**
 * The discussion as a build sees it: the snapshot's comments placed under
 * the sections and parts they are about, behind the release gate and the
 * moderation list.
 */
import { createHash } from "node:crypto";
import { stableSectionIds, type LockedPart } from "../posts/lock.js";
import type { SeriesView } from "../site/series.js";
import { isReleased } from "../schedule/gate.js";
import { commentHtml } from "./render.js";
import type { DiscussionComment, DiscussionSnapshot } from "./types.js";

/** A comment ready for a page: its safe HTML and where it is shown. */
export interface ShownComment extends DiscussionComment {
  /** Sanitized HTML of the body (render.ts). */
  html: string;
  /** Element id on the part's page, `comment-<10 hex>`. */
  anchor: string;
  /** The part it is shown on. */
  shownOn: LockedPart;
  /** Title of the section it is about (the part's title for a part comment, the key for an earlier version's). */
  about: string;
  /** Where it is shown: under its section, at the foot of the part, or under "On an earlier version". */
  place: "section" | "part" | "earlier";
}

/** A top-level comment with its replies, oldest first. */
export interface Thread {
  comment: ShownComment;
  replies: ShownComment[];
}

/** Comments by where they are shown, for one build. */
export interface DiscussionView {
  /** Threads under a section, by the section's stable id. */
  bySection: Map<string, Thread[]>;
  /** Threads on a whole part (`part:<id>` keys), by part id. */
  byPart: Map<string, Thread[]>;
  /** Threads whose section is no longer in the report, by the part they are shown on. */
  earlier: Map<string, Thread[]>;
  /** Number of comments shown on each part's page (every place), by part id. */
  countByPart: Map<string, number>;
  /** Every comment shown, newest first. */
  recent: ShownComment[];
}

/** The element id of a comment on its part's page: stable, short, and safe in HTML. */
export const commentAnchor = (id: string) =>
  `comment-${createHash("sha256").update(id).digest("hex").slice(0, 10)}`;

/** Number of comments in a list of threads (each top-level comment and its replies). */
export const commentCount = (threads: Thread[] | undefined) =>
  (threads ?? []).reduce((n, t) => n + 1 + t.replies.length, 0);

/**
 * Places the snapshot's comments for a build at the series' `now`. A comment
 * is shown only when the part it belongs to is released and its id is not
 * in `hide`; a section's comments follow the section if it moved to another
 * part; a reply whose top-level comment is hidden or missing stands alone.
 *
 * @param hide comment ids to leave out (`comments.hide` in site settings).
 */
export function discussionView(
  snapshot: DiscussionSnapshot,
  series: SeriesView,
  hide: readonly string[] = [],
): DiscussionView {
  const hidden = new Set(hide);
  const sectionTitle = new Map<string, string>();
  for (const part of series.parts) for (const s of part.sections) sectionTitle.set(s.id, s.title);
  const sectionId = stableSectionIds(series.parts);
  const shown = new Map<string, ShownComment>();
  for (const c of snapshot.comments) {
    if (hidden.has(c.id)) continue;
    const place = placeOf(c, series, sectionId);
    if (!place || !isReleased(place.part.date, series.now)) continue;
    shown.set(c.id, {
      ...c,
      key: place.key,
      html: commentHtml(c),
      anchor: commentAnchor(c.id),
      shownOn: place.part,
      place: place.place,
      about:
        place.place === "section"
          ? (sectionTitle.get(place.key) ?? place.key)
          : place.place === "part"
            ? place.part.title
            : c.key,
    });
  }
  const threads = new Map<string, Thread>();
  const tops: Thread[] = [];
  for (const c of shown.values()) {
    if (c.parent && shown.has(c.parent)) continue;
    const thread = { comment: c, replies: [] };
    threads.set(c.id, thread);
    tops.push(thread);
  }
  for (const c of shown.values())
    if (c.parent && shown.has(c.parent)) threads.get(c.parent)?.replies.push(c);

  const view: DiscussionView = {
    bySection: new Map(),
    byPart: new Map(),
    earlier: new Map(),
    countByPart: new Map(),
    recent: [...shown.values()].sort(
      (a, b) => b.date.localeCompare(a.date) || a.id.localeCompare(b.id),
    ),
  };
  for (const t of tops) {
    const c = t.comment;
    const [map, key] =
      c.place === "section"
        ? [view.bySection, c.key]
        : c.place === "part"
          ? [view.byPart, c.shownOn.id]
          : [view.earlier, c.shownOn.id];
    const list = map.get(key) ?? [];
    list.push(t);
    map.set(key, list);
    view.countByPart.set(
      c.shownOn.id,
      (view.countByPart.get(c.shownOn.id) ?? 0) + 1 + t.replies.length,
    );
  }
  return view;
}

/** Where a comment is shown now, or undefined when its part is no longer in the series. */
function placeOf(
  c: DiscussionComment,
  series: SeriesView,
  sectionId: Map<string, string>,
): { part: LockedPart; key: string; place: ShownComment["place"] } | undefined {
  if (c.key.startsWith("part:")) {
    const part = series.byId.get(c.key.slice("part:".length));
    return part ? { part, key: c.key, place: "part" } : undefined;
  }
  const id = sectionId.get(c.key);
  const part = id ? series.anchorIndex.get(id) : undefined;
  if (id && part) return { part, key: id, place: "section" };
  const was = series.byId.get(c.part);
  return was ? { part: was, key: c.key, place: "earlier" } : undefined;
}
