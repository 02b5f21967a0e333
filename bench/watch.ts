// Rebuild after a one-file change: Eleventy in watch mode (what `npm run
// serve` runs), one post edited at a time, timed until Eleventy has written.
import { spawn } from "node:child_process";
import { appendFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { BenchSite } from "./sites.js";

/** Rebuilds after editing one post. Times in milliseconds. */
export interface RebuildSample {
  /** From appending to the post to Eleventy's "Wrote …" line (includes file watching). */
  wallMs: number[];
  /** Eleventy's own build time for each rebuild (its "in N seconds"). */
  eleventyMs: number[];
  /** Files Eleventy wrote on the last rebuild. */
  written: number;
  /**
   * Whether the last edit reached every page that shows the post: its own
   * page, the whole-report page and, when the post is among the feed's newest
   * parts, the RSS feed.
   */
  complete: boolean;
}

const WROTE = /Wrote (\d+) files? .*?in ([\d.]+) seconds/;

/**
 * Starts Eleventy with `--watch` (plus `--incremental` when asked) in
 * `site`, waits for the first build, then `edits` times appends a
 * paragraph to `post` (a file name in the site's posts folder) and times
 * the rebuild. Stops Eleventy before returning.
 *
 * @throws Error when Eleventy exits early or a rebuild takes over `timeoutMs`.
 */
export async function measureRebuilds(
  root: string,
  site: BenchSite,
  post: string,
  options: { incremental: boolean; edits: number; timeoutMs?: number },
): Promise<RebuildSample> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const args = [join(root, "node_modules/@11ty/eleventy/cmd.cjs")];
  args.push("--watch", "--quiet", ...(options.incremental ? ["--incremental"] : []));
  const child = spawn(process.execPath, args, {
    cwd: site.dir,
    env: { ...process.env, SERIAL_NOW: "2100-01-01T00:00:00Z", TZ: "UTC" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  let waiter: ((line: string) => void) | null = null;
  const onData = (d: Buffer) => {
    log += d;
    const match = WROTE.exec(log);
    if (match && waiter) {
      log = log.slice(match.index + match[0].length);
      waiter(match[0]);
    }
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  let failed: ((error: Error) => void) | null = null;
  child.on("exit", (code) => failed?.(new Error(`Eleventy --watch exited (${code}):\n${log}`)));
  const nextBuild = () =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no rebuild in ${timeoutMs} ms`)), timeoutMs);
      waiter = (line) => {
        clearTimeout(timer);
        resolve(line);
      };
      failed = (error) => {
        clearTimeout(timer);
        reject(error);
      };
    }).finally(() => {
      waiter = null;
      failed = null;
    });

  try {
    await nextBuild();
    const wallMs: number[] = [];
    const eleventyMs: number[] = [];
    let written = 0;
    let marker = "";
    for (let k = 1; k <= options.edits; k++) {
      // Let the watcher settle, so each edit is one change event.
      await sleep(500);
      log = "";
      marker = `Benchmark edit ${k} ${Date.now()}.`;
      const start = performance.now();
      const built = nextBuild();
      await appendFile(join(site.posts, post), `\n${marker}\n`);
      const line = await built;
      wallMs.push(performance.now() - start);
      const [, files, secs] = WROTE.exec(line)!;
      eleventyMs.push(Number(secs) * 1000);
      written = Number(files);
    }
    const slug = post.replace(/\.md$/, "");
    const shows = async (page: string) =>
      (await readFile(join(site.out, page), "utf8").catch(() => "")).includes(marker);
    // The feed holds the newest parts only (feedItems): check it when it lists this one.
    const feed = await readFile(join(site.out, "feed.xml"), "utf8").catch(() => "");
    const inFeed = feed.includes(`/posts/${slug}/`);
    const complete =
      (await shows(join("posts", slug, "index.html"))) &&
      (await shows("report/index.html")) &&
      (!inFeed || (await shows("feed.xml")));
    return { wallMs, eleventyMs, written, complete };
  } finally {
    failed = null;
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once("exit", resolve));
      child.kill();
      await gone;
    }
  }
}
