// Eleventy projects for the build benchmark: the serialpress site (as
// tests/helpers/site.ts makes it) and a plain baseline over the same posts.
import { spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** An Eleventy project in a temporary folder. */
export interface BenchSite {
  dir: string;
  posts: string;
  out: string;
}

/** One Eleventy run. Times in milliseconds, memory in MiB. */
export interface BuildSample {
  /** Wall time from spawning Node to its exit (startup, config, build, writes). */
  wallMs: number;
  /** CPU time of the whole process (user + system, all threads). */
  cpuMs: number;
  /** Eleventy's own build time (its "Wrote N files in S seconds"): wall time less startup. */
  eleventyMs: number;
  /** Peak resident set size of the Eleventy process. */
  peakRssMiB: number;
}

/** Everything a build child needs besides Eleventy's own arguments. */
const ELEVENTY = (root: string) => join(root, "node_modules/@11ty/eleventy/cmd.cjs");
const PEAK_RSS = (root: string) => join(root, "bench/peak-rss.mjs");

/**
 * A serialpress site: src, dist, scripts and node_modules symlinked from `root`; layouts,
 * pages, assets, data and the Eleventy config copied; posts empty.
 */
export async function makeSerialSite(root: string, tmp: string): Promise<BenchSite> {
  const dir = await mkdtemp(join(tmp, "site-"));
  for (const name of ["src", "node_modules", "dist", "scripts"])
    await symlink(join(root, name), join(dir, name));
  for (const name of ["_includes", "pages", "assets", "_data"])
    await cp(join(root, name), join(dir, name), { recursive: true });
  await cp(join(root, ".eleventy.js"), join(dir, ".eleventy.js"));
  return { dir, posts: join(dir, "posts"), out: join(dir, "_site") };
}

/** The baseline's whole layout: one line, title and content. */
export const BASELINE_LAYOUT =
  "<!DOCTYPE html><html><head><title>{{ title }}</title></head><body>{{ content | safe }}</body></html>\n";

/**
 * One-line layouts for a serialpress site, as the site's own files in
 * `_includes/serialpress/` (which win over the package's): the baseline's page
 * for every series page, the post's content alone, and a whole-report page
 * without its parts. The series' other outputs stay: Markdown with its section
 * links and comment links, contents and home pages, feeds, calendar, sitemap.
 */
export const ONE_LINE_LAYOUTS: Readonly<Record<string, string>> = {
  "base.njk": BASELINE_LAYOUT,
  "post.njk": "---\nlayout: serialpress/base.njk\n---\n{{ content | safe }}\n",
  "report.njk": "---\nlayout: serialpress/base.njk\n---\n<h1>{{ serial.series.title }}</h1>\n",
};

/**
 * A copy of a serialpress site, its posts included, with {@link ONE_LINE_LAYOUTS}:
 * what the series costs to build without its page design and whole-report page.
 */
export async function makeOneLineLayoutSite(tmp: string, site: BenchSite): Promise<BenchSite> {
  const dir = await mkdtemp(join(tmp, "one-line-"));
  await cp(site.dir, dir, { recursive: true, verbatimSymlinks: true });
  for (const [name, text] of Object.entries(ONE_LINE_LAYOUTS))
    await writeFile(join(dir, "_includes/serialpress", name), text);
  return { dir, posts: join(dir, "posts"), out: join(dir, "_site") };
}

/**
 * A plain Eleventy project over copies of the `.md` post files in `posts`:
 * Eleventy's defaults (its bundled markdown-it), a one-line layout, and,
 * as in serialpress, Markdown not run through a template language first.
 */
export async function makeBaselineSite(
  root: string,
  tmp: string,
  posts: string,
): Promise<BenchSite> {
  const dir = await mkdtemp(join(tmp, "baseline-"));
  await symlink(join(root, "node_modules"), join(dir, "node_modules"));
  const target = join(dir, "posts");
  await mkdir(target, { recursive: true });
  for (const name of await readdir(posts))
    if (name.endsWith(".md")) await cp(join(posts, name), join(target, name));
  await writeFile(join(target, "posts.11tydata.json"), '{ "layout": "base.njk" }\n');
  await mkdir(join(dir, "_includes"));
  await writeFile(join(dir, "_includes/base.njk"), BASELINE_LAYOUT);
  await writeFile(
    join(dir, "eleventy.config.mjs"),
    'export default function () {\n  return { markdownTemplateEngine: false, templateFormats: ["md"] };\n}\n',
  );
  return { dir, posts: target, out: join(dir, "_site") };
}

/**
 * Runs one Eleventy build of `site` in a child process (`--import tsx` when
 * `tsx`; the serialpress config loads the compiled plugin, so it needs none) with every part released
 * (SERIAL_NOW in 2100), and measures it. `nodeFlags` go to Node (e.g. `--cpu-prof`).
 *
 * @throws Error with Eleventy's output when the build fails.
 */
export function buildSite(
  root: string,
  site: BenchSite,
  tsx: boolean,
  nodeFlags: string[] = [],
): Promise<BuildSample> {
  const args = [
    ...(tsx ? ["--import", "tsx"] : []),
    ...nodeFlags,
    "--import",
    PEAK_RSS(root),
    ELEVENTY(root),
    "--quiet",
  ];
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: site.dir,
      env: { ...process.env, SERIAL_NOW: "2100-01-01T00:00:00Z", TZ: "UTC" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d));
    child.stderr.on("data", (d: Buffer) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - start;
      const rss = /^peak-rss-kib (\d+)$/m.exec(output);
      const cpu = /^cpu-us (\d+)$/m.exec(output);
      const wrote = /Wrote \d+ files? .*?in ([\d.]+) seconds/.exec(output);
      if (code !== 0 || !rss || !cpu || !wrote) {
        reject(new Error(`Eleventy failed in ${site.dir} (exit ${code}):\n${output.slice(-4000)}`));
        return;
      }
      resolve({
        wallMs,
        cpuMs: Number(cpu[1]) / 1000,
        eleventyMs: Number(wrote[1]) * 1000,
        peakRssMiB: Number(rss[1]) / 1024,
      });
    });
  });
}
