import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { runSplit, type SplitCommandResult } from "../../src/commands/split.js";
import type { SeriesSettings } from "../../src/types.js";
import { ROOT } from "./paths.js";

const run = promisify(execFile);

/** A throwaway copy of the site project (layouts, pages, data) with its own posts folder. */
export interface TestSite {
  dir: string;
  posts: string;
  out: string;
}

/**
 * Makes a temporary project that shares this repository's code (src, the
 * compiled dist, scripts and node_modules are symlinked) but has its own
 * posts and output folders.
 */
export async function makeSite(siteOverrides: Record<string, unknown> = {}): Promise<TestSite> {
  const dir = await mkdtemp(join(tmpdir(), "serialpress-site-"));
  for (const name of ["src", "node_modules", "dist", "scripts"])
    await symlink(join(ROOT, name), join(dir, name));
  for (const name of ["_includes", "pages", "assets", "_data"])
    await cp(join(ROOT, name), join(dir, name), { recursive: true });
  await cp(join(ROOT, ".eleventy.js"), join(dir, ".eleventy.js"));
  const site = JSON.parse(await readFile(join(ROOT, "_data/site.json"), "utf8"));
  await writeFile(
    join(dir, "_data/site.json"),
    JSON.stringify({ ...site, ...siteOverrides }, null, 2),
  );
  return { dir, posts: join(dir, "posts"), out: join(dir, "_site") };
}

/** Splits a report into the test site's posts folder (quietly). */
export async function splitInto(
  site: TestSite,
  report: string,
  flags: Partial<SeriesSettings> = {},
  env: Record<string, string> = {},
): Promise<SplitCommandResult> {
  const saved = process.env.SERIAL_NOW;
  if (env.SERIAL_NOW) process.env.SERIAL_NOW = env.SERIAL_NOW;
  try {
    return await runSplit({
      report,
      out: site.posts,
      settings: flags,
      print: () => {},
      warn: () => {},
    });
  } finally {
    if (saved === undefined) delete process.env.SERIAL_NOW;
    else process.env.SERIAL_NOW = saved;
  }
}

/**
 * Builds the test site with Eleventy in a child process (Eleventy cannot run
 * inside Jest's VM modules), at the instant `now` (SERIAL_NOW), with the
 * compiled plugin (tests/helpers/global-setup.js compiles it once).
 */
export async function build(
  site: TestSite,
  now: string,
  env: Record<string, string> = {},
): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [join(ROOT, "node_modules/@11ty/eleventy/cmd.cjs"), "--quiet"], {
    cwd: site.dir,
    env: { ...process.env, SERIAL_NOW: now, TZ: env.TZ ?? process.env.TZ ?? "UTC", ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Every file under a folder, as paths relative to it, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** Concatenated text of every file under a folder (for "no trace anywhere" checks). */
export async function allText(dir: string): Promise<string> {
  const files = await listFiles(dir);
  const texts = await Promise.all(files.map((f) => readFile(join(dir, f), "utf8")));
  return texts.join("\n");
}
