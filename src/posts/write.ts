import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import createDebug from "debug";
import { DateTime } from "luxon";
import { toIso } from "../schedule/cadence.js";
import { ConflictError } from "../errors.js";
import { sha256 } from "../split/split.js";
import type { Part } from "../types.js";
import { writeFrontMatter } from "../report/frontmatter.js";
import {
  LOCK_FILE,
  LOCK_VERSION,
  formatLock,
  type LockedPart,
  type LockedSeries,
  type SerialLock,
} from "./lock.js";
import type { SeriesSettings } from "../types.js";

const debug = createDebug("serialpress:write");

/** What to write: the parts of one split and what the lock records about the series. */
export interface SeriesOutput {
  parts: Part[];
  settings: SeriesSettings;
  series: LockedSeries;
  report: { file: string; sha256: string };
}

/** The post file (front matter + body) for one part. */
export function postFile(part: Part, total: number, seriesName: string, updated?: string): string {
  const data: Record<string, unknown> = {
    title: part.title,
    series: seriesName,
    part: part.number,
    parts: total,
    date: part.date,
    ...(updated ? { updated } : {}),
    id: part.id,
    guid: part.guid,
    permalink: `/posts/${part.slug}/`,
    words: part.words,
    sections: part.sections,
  };
  return writeFrontMatter(data, part.body);
}

/** Builds the lock for an output, given each part's `updated` date (if any). */
export function buildLock(
  output: SeriesOutput,
  files: Map<string, string>,
  updated: Map<string, string>,
): SerialLock {
  const parts: LockedPart[] = output.parts.map((p) => {
    const file = `${p.slug}.md`;
    const u = updated.get(p.id);
    return {
      id: p.id,
      number: p.number,
      slug: p.slug,
      permalink: `/posts/${p.slug}/`,
      guid: p.guid,
      title: p.title,
      date: p.date,
      ...(u ? { updated: u } : {}),
      file,
      sections: p.sections,
      anchors: p.anchors,
      opensWithHeading: p.opensWithHeading,
      words: p.words,
      hash: sha256(p.body),
      fileHash: sha256(files.get(file)!),
    };
  });
  return {
    version: LOCK_VERSION,
    report: output.report,
    settings: output.settings,
    series: output.series,
    parts,
  };
}

/** Options for {@link writeSeries}. */
export interface WriteOptions {
  /** Overwrite post files changed by hand since the last split. */
  force?: boolean;
  /** The instant recorded as `updated` for released parts whose text changed. */
  now: Date;
  /** The previous lock, if any (from the same folder). */
  previous: SerialLock | null;
  /** Test hook: called after each file is staged; throwing simulates a crash mid-write. */
  afterStage?: (file: string) => void;
}

/**
 * Writes the posts, the folder's Eleventy data file and `serial.lock.json`
 * into `dir`. Every file is first written to a temporary name; only when all
 * are staged are they renamed into place (the lock last), so a failure while
 * writing leaves the previous posts and lock as they were.
 *
 * @throws ConflictError when a post file was edited by hand since the last
 *   split (its hash differs from the lock and from the new text), unless `force`.
 * @returns the files written (names relative to `dir`) and the new lock.
 */
export async function writeSeries(
  dir: string,
  output: SeriesOutput,
  options: WriteOptions,
): Promise<{ written: string[]; removed: string[]; lock: SerialLock }> {
  const { previous, now } = options;
  const total = output.parts.length;
  const oldById = new Map((previous?.parts ?? []).map((p) => [p.id, p]));
  const updated = new Map<string, string>();
  const files = new Map<string, string>();
  for (const part of output.parts) {
    const old = oldById.get(part.id);
    let u = old?.updated;
    if (old && old.hash !== sha256(part.body) && Date.parse(old.date) <= now.getTime())
      u = toIso(DateTime.fromJSDate(now, { zone: output.settings.timezone }));
    if (u) updated.set(part.id, u);
    files.set(`${part.slug}.md`, postFile(part, total, output.settings.name, u));
  }
  files.set(
    `${basename(dir)}.11tydata.json`,
    `${JSON.stringify({ layout: "layouts/post.njk" }, null, 2)}\n`,
  );

  const conflicts: string[] = [];
  const oldByFile = new Map((previous?.parts ?? []).map((p) => [p.file, p]));
  for (const [name, text] of files) {
    const current = await readOrNull(join(dir, name));
    if (current === null || current === text || name.endsWith(".11tydata.json")) continue;
    const locked = oldByFile.get(name);
    if (!locked || sha256(current) !== locked.fileHash) conflicts.push(join(dir, name));
  }
  const removed = [...oldByFile.keys()].filter((f) => !files.has(f));
  for (const name of removed) {
    const current = await readOrNull(join(dir, name));
    if (current !== null && sha256(current) !== oldByFile.get(name)!.fileHash)
      conflicts.push(join(dir, name));
  }
  if (conflicts.length > 0 && !options.force) {
    throw new ConflictError(
      `${conflicts.length === 1 ? "this post was" : "these posts were"} edited by hand since the last split and would be overwritten:\n` +
        conflicts.map((f) => `  ${f}`).join("\n") +
        "\nMove the edit into the report and split again, or run the split with --force to overwrite.",
    );
  }

  const lock = buildLock(output, files, updated);
  files.set(LOCK_FILE, formatLock(lock));
  await mkdir(dir, { recursive: true });
  const changed: string[] = [];
  for (const [name, text] of files)
    if ((await readOrNull(join(dir, name))) !== text) changed.push(name);
  // Stage everything, then rename; the lock goes last so it never describes files not yet in place.
  changed.sort((a, b) => Number(a === LOCK_FILE) - Number(b === LOCK_FILE));
  const suffix = `.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    for (const name of changed) {
      await writeFile(join(dir, name + suffix), files.get(name)!, "utf8");
      options.afterStage?.(name);
    }
  } catch (error) {
    await Promise.all(changed.map((name) => rm(join(dir, name + suffix), { force: true })));
    throw error;
  }
  for (const name of changed) {
    await rename(join(dir, name + suffix), join(dir, name));
    debug("wrote %s", name);
  }
  for (const name of removed) await rm(join(dir, name), { force: true });
  return { written: changed, removed, lock };
}

async function readOrNull(path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
