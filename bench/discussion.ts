// The discussion's cost (issue 13): a full build with 10,000 comments spread
// over the parts of a report, against the same build with none, run
// alternately in the same benchmark run.
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runSplit } from "../src/commands/split.js";
import type { DiscussionComment, DiscussionSnapshot } from "../src/discussion/types.js";
import type { SerialLock } from "../src/posts/lock.js";
import type { BenchContext } from "./measure.js";
import { buildSite, makeSerialSite, type BuildSample } from "./sites.js";
import { markdownTable, median, mib, ratio, seconds } from "./stats.js";
import type { BenchReport } from "./generate.js";

/** Comments in the benchmark's snapshot. */
export const BENCH_COMMENTS = 10_000;

/** The builds with and without comments, one entry per run. */
export interface DiscussionResult {
  report: BenchReport;
  parts: number;
  comments: number;
  with: BuildSample[];
  without: BuildSample[];
}

const WORDS =
  "the community met again to compare notes on what the facilitators said about practice".split(
    " ",
  );

/**
 * A snapshot of `count` comments over every section of the lock: threads of
 * one comment and three replies, bodies of 40–120 words with a link and some
 * Markdown, like mail to a list.
 */
export function benchSnapshot(lock: SerialLock, count: number): DiscussionSnapshot {
  const sections = lock.parts.flatMap((p) => p.sections.map((s) => ({ key: s.id, part: p.id })));
  const comments: DiscussionComment[] = [];
  for (let i = 0; i < count; i++) {
    const at = sections[Math.floor(i / 4) % sections.length]!;
    const words = Array.from(
      { length: 40 + ((i * 37) % 80) },
      (_, k) => WORDS[(i + k) % WORDS.length]!,
    );
    const root = i - (i % 4);
    comments.push({
      id: `mail:bench-${i}@example.org`,
      source: "public-inbox",
      key: at.key,
      part: at.part,
      ...(i % 4 ? { parent: `mail:bench-${root}@example.org` } : {}),
      author: `Reader ${i % 300}`,
      date: new Date(Date.UTC(2027, 0, 1) + i * 60_000).toISOString(),
      url: `https://lists.example.org/serial/bench-${i}@example.org/`,
      format: "text",
      body: `${words.join(" ")} *really*, see https://example.org/notes/${i}.\n\n> quoted`,
    });
  }
  return { version: 1, channels: {}, comments };
}

/** Builds `report`'s site `ctx.runs` times with and without {@link BENCH_COMMENTS} comments. */
export async function measureDiscussion(
  ctx: BenchContext,
  report: BenchReport,
): Promise<DiscussionResult> {
  const site = await makeSerialSite(ctx.root, ctx.tmp);
  await runSplit({ report: report.file, out: site.posts, settings: {}, print: () => {} });
  const lock = JSON.parse(
    await readFile(join(site.posts, "serial.lock.json"), "utf8"),
  ) as SerialLock;
  const snapshot = `${JSON.stringify(benchSnapshot(lock, BENCH_COMMENTS))}\n`;
  const file = join(site.posts, "discussion.json");
  const result: DiscussionResult = {
    report,
    parts: lock.parts.length,
    comments: BENCH_COMMENTS,
    with: [],
    without: [],
  };
  for (let r = 0; r < ctx.runs; r++) {
    await rm(file, { force: true });
    result.without.push(await buildSite(ctx.root, site, false));
    await writeFile(file, snapshot);
    result.with.push(await buildSite(ctx.root, site, false));
  }
  await rm(site.dir, { recursive: true, force: true });
  return result;
}

/** The results table: medians, and the median of each run's own ratio. */
export function discussionTable(r: DiscussionResult): string {
  const ratios = (pick: (b: BuildSample) => number) =>
    median(r.with.map((w, i) => pick(w) / pick(r.without[i]!)));
  return markdownTable(
    [
      "report",
      "parts",
      "comments",
      "build with",
      "build without",
      "ratio",
      "Eleventy's own time ratio",
      "peak RSS with / without",
    ],
    [
      [
        r.report.name,
        String(r.parts),
        r.comments.toLocaleString("en"),
        seconds(median(r.with.map((b) => b.wallMs))),
        seconds(median(r.without.map((b) => b.wallMs))),
        ratio(ratios((b) => b.wallMs)),
        ratio(ratios((b) => b.eleventyMs)),
        `${mib(median(r.with.map((b) => b.peakRssMiB)))} / ${mib(median(r.without.map((b) => b.peakRssMiB)))}`,
      ],
    ],
  );
}
