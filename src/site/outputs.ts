/**
 * What serialpress wrote into the output folder, remembered between builds
 * so that a build removes exactly the files serialpress wrote before and no
 * longer writes (the page of a part not out at this build's instant, its
 * comment feeds, its images) and never a file it did not write: a site's
 * own pages, a CNAME, anything else in the folder stays.
 *
 * The list lives in `.cache/serialpress/outputs-<hash>.json` in the project
 * (one per output folder), not in the published folder; the plugin keeps
 * `.cache/` out of Eleventy's watch.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readdir, rm, rmdir } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import writeFileAtomic from "write-file-atomic";

/** The remembered list: output-relative paths, POSIX separators, sorted. */
interface OutputList {
  version: 1;
  output: string;
  files: string[];
}

const listPath = (project: string, output: string) =>
  join(
    project,
    ".cache",
    "serialpress",
    `outputs-${createHash("sha256").update(output).digest("hex").slice(0, 12)}.json`,
  );

/**
 * Removes the files a previous build of this project wrote for serialpress
 * into `output` that this build did not write, then remembers this build's.
 * Folders left empty by a removal are removed too (never `output` itself).
 *
 * @param written absolute paths of the files serialpress's templates and
 *   copies wrote in this build.
 * @returns the output-relative paths removed.
 */
export async function settleOutputs(
  project: string,
  output: string,
  written: Iterable<string>,
): Promise<string[]> {
  const out = resolve(output);
  const now = [
    ...new Set(
      [...written]
        .map((f) => resolve(f))
        .filter((f) => f.startsWith(`${out}${sep}`))
        .map((f) => relative(out, f).split(sep).join("/")),
    ),
  ].sort();
  const file = listPath(project, out);
  let before: string[] = [];
  if (existsSync(file)) {
    try {
      const list = JSON.parse(readFileSync(file, "utf8")) as OutputList;
      if (list.version === 1 && list.output === out) before = list.files;
    } catch {
      // An unreadable list removes nothing: only what is known to be ours is removed.
    }
  }
  const keep = new Set(now);
  const removed = before.filter((f) => !keep.has(f));
  for (const f of removed) {
    const path = join(out, ...f.split("/"));
    await rm(path, { force: true });
    for (let dir = dirname(path); dir.startsWith(`${out}${sep}`); dir = dirname(dir)) {
      if ((await readdir(dir).catch(() => ["?"])).length > 0) break;
      await rmdir(dir).catch(() => {});
    }
  }
  // Written only when it changes: a watching server must not see a change every build.
  if (removed.length || before.length !== now.length || before.some((f, i) => f !== now[i])) {
    await mkdir(dirname(file), { recursive: true });
    const list: OutputList = { version: 1, output: out, files: now };
    await writeFileAtomic(file, `${JSON.stringify(list)}\n`);
  }
  return removed;
}
