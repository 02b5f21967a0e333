import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import createDebug from "debug";
import { ConflictError } from "../errors.js";
import { sha256 } from "../split/split.js";
import type { Part } from "../types.js";
import { readFrontMatter, writeFrontMatter } from "../report/frontmatter.js";
import { POST_LAYOUT, postPermalink, ROOT_BASE } from "../settings.js";
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
export function postFile(
  part: Part,
  total: number,
  seriesName: string,
  base: string = ROOT_BASE,
): string {
  const data: Record<string, unknown> = {
    title: part.title,
    series: seriesName,
    part: part.number,
    parts: total,
    date: part.date,
    ...(part.updated ? { updated: part.updated } : {}),
    ...(part.withdrawn ? { withdrawn: part.withdrawn } : {}),
    id: part.id,
    guid: part.guid,
    permalink: postPermalink(part.slug, base),
    words: part.words,
    sections: part.sections,
  };
  return writeFrontMatter(data, part.body);
}

/** Builds the lock for an output, given the text of every file written. */
export function buildLock(output: SeriesOutput, files: Map<string, string>): SerialLock {
  const parts: LockedPart[] = output.parts.map((p) => {
    const file = `${p.slug}.md`;
    return {
      id: p.id,
      number: p.number,
      slug: p.slug,
      permalink: postPermalink(p.slug, output.settings.base),
      guid: p.guid,
      title: p.title,
      date: p.date,
      ...(p.published ? { published: p.published } : {}),
      ...(p.updated ? { updated: p.updated } : {}),
      ...(p.withdrawn ? { withdrawn: p.withdrawn } : {}),
      file,
      sections: p.sections.map((s, i) => ({ ...s, signature: p.signatures[i] ?? "" })),
      anchors: p.anchors,
      opensWithHeading: p.opensWithHeading,
      words: p.words,
      blocks: p.blocks,
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
  const { previous } = options;
  const total = output.parts.length;
  const files = new Map<string, string>();
  for (const part of output.parts) {
    if (part.withdrawn && !part.body) {
      // A withdrawn part keeps the text it was published with (from its post file).
      const old = previous?.parts.find((p) => p.id === part.id);
      const text = old ? await readOrNull(join(dir, old.file)) : null;
      if (text === null) {
        throw new ConflictError(
          `${join(dir, `${part.slug}.md`)} is missing: the withdrawn part "${part.title}" keeps its page from that file; restore it from version control.`,
        );
      }
      part.body = readFrontMatter(text, join(dir, old!.file)).body;
    }
    files.set(`${part.slug}.md`, postFile(part, total, output.settings.name, output.settings.base));
  }
  // The posts' directory data: their layout, and Markdown only, never a template
  // language first, even in a site whose markdownTemplateEngine is Nunjucks
  // (eleventy-base-blog's): `{{` and `{%` in a report are text.
  files.set(
    `${basename(dir)}.11tydata.json`,
    `${JSON.stringify({ layout: POST_LAYOUT, templateEngineOverride: "md" }, null, 2)}\n`,
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

  const lock = buildLock(output, files);
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
