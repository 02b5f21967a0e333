/**
 * The discussion snapshot: every comment fetched so far, read by the build
 * so that builds stay reproducible and offline, written atomically by
 * `serialpress discussion fetch`.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { ValidateFunction } from "ajv";
import writeFileAtomic from "write-file-atomic";
import { InputError } from "../errors.js";
import type { DiscussionComment, DiscussionSnapshot, DiscussionSource } from "./types.js";
import generatedValidate from "../generated/snapshot.validate.js";

/** File name of the snapshot, written next to serial.lock.json. */
export const SNAPSHOT_FILE = "discussion.json";

/** snapshot.schema.json's validator (`allErrors`), generated ahead of time by scripts/validators.js. */
const validate = generatedValidate as unknown as ValidateFunction;

/** An empty snapshot: no channel fetched, no comment. */
export const emptySnapshot = (): DiscussionSnapshot => ({ version: 1, channels: {}, comments: [] });

/**
 * Reads the snapshot, or an empty one when the file does not exist.
 *
 * @throws InputError naming the file and the first bad field when it is not
 *   a version 1 snapshot (restore it from version control, or delete it and
 *   fetch again).
 */
export function readSnapshotSync(path: string): DiscussionSnapshot {
  if (!existsSync(path)) return emptySnapshot();
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (cause) {
    throw new InputError(
      path,
      undefined,
      `the discussion snapshot is not valid JSON (${(cause as Error).message}); restore it from version control, or delete it and run \`serialpress discussion fetch\`.`,
      { cause },
    );
  }
  if (!validate(data)) {
    const first = validate.errors?.[0];
    throw new InputError(
      path,
      undefined,
      `not a discussion snapshot of version 1: ${first?.instancePath || "(top)"} ${first?.message ?? ""}; restore it from version control, or delete it and run \`serialpress discussion fetch\`.`,
    );
  }
  return data as unknown as DiscussionSnapshot;
}

const byDateThenId = (a: DiscussionComment, b: DiscussionComment) =>
  a.date.localeCompare(b.date) || a.id.localeCompare(b.id);

/**
 * Merges a channel's fresh comments into a snapshot. Comments are never
 * dropped by a fetch: one the channel no longer returns (a narrower fetch
 * window, an archive being rebuilt) stays as it was; a comment fetched
 * again replaces its old copy (an edited post). Hiding a comment is the
 * moderation list's job (`comments.hide`), not the fetcher's.
 *
 * @param at the fetch's instant, ISO 8601 UTC.
 * @returns a new snapshot, comments oldest first.
 */
export function mergeComments(
  snapshot: DiscussionSnapshot,
  source: DiscussionSource,
  fresh: DiscussionComment[],
  at: string,
): DiscussionSnapshot {
  const byId = new Map(snapshot.comments.map((c) => [c.id, c]));
  for (const c of fresh) byId.set(c.id, c);
  return {
    version: 1,
    channels: { ...snapshot.channels, [source]: { attempted: at, fetched: at } },
    comments: [...byId.values()].sort(byDateThenId),
  };
}

/** Records a failed fetch of a channel; its comments stay as they were. */
export function recordFailure(
  snapshot: DiscussionSnapshot,
  source: DiscussionSource,
  error: string,
  at: string,
): DiscussionSnapshot {
  const previous = snapshot.channels[source];
  return {
    ...snapshot,
    channels: {
      ...snapshot.channels,
      [source]: {
        attempted: at,
        ...(previous?.fetched ? { fetched: previous.fetched } : {}),
        error,
      },
    },
  };
}

/** Serialises a snapshot deterministically (2-space JSON, final newline). */
export const formatSnapshot = (snapshot: DiscussionSnapshot) =>
  `${JSON.stringify(snapshot, null, 2)}\n`;

/**
 * Writes the snapshot atomically (write-file-atomic: a temporary file beside
 * it, flushed, then renamed), so a build never reads half a file and a crash
 * leaves the old one.
 */
export async function writeSnapshot(path: string, snapshot: DiscussionSnapshot): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, formatSnapshot(snapshot));
}
