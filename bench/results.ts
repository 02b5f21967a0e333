// The benchmark's tables and target checks, as Markdown.
import type { ReportResult } from "./measure.js";
import type { ProfileSummary } from "./profile.js";
import type { BuildSample } from "./sites.js";
import { kilobytes, markdownTable, median, mib, millis, ratio, seconds } from "./stats.js";
import type { Weight } from "./weight.js";

/** The machine and run a result set belongs to. */
export interface RunInfo {
  date: string;
  nproc: number;
  cpu: string;
  node: string;
  os: string;
  runs: number;
  /** 1-minute load average at the start and at the end of the run. */
  load: [number, number];
  totalMs: number;
}

/** One target of issue 9 and whether this run met it. */
export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

const med = <T>(xs: T[], f: (x: T) => number) => median(xs.map(f));
const splitRatio = (r: ReportResult) => med(r.split, (s) => s.splitMs / s.floorMs);
const splitCpuRatio = (r: ReportResult) => med(r.split, (s) => s.splitCpuMs / s.floorCpuMs);
/** Median over the runs of `f(build) / f(baseline build)`, each run's builds paired (they ran in turn). */
const paired = (builds: BuildSample[], baseline: BuildSample[], f: (b: BuildSample) => number) =>
  median(builds.map((b, i) => f(b) / f(baseline[i]!)));
const ownRatio = (r: ReportResult) => paired(r.build, r.baseline, (b) => b.eleventyMs);
const buildCpuRatio = (r: ReportResult) => paired(r.build, r.baseline, (b) => b.cpuMs);
const buildRatio = (r: ReportResult) => paired(r.build, r.baseline, (b) => b.wallMs);
const weight = (w: Weight) => `${kilobytes(w.bytes)} (${kilobytes(w.gzip)} gzip)`;

/** Split table: wall time, floor, ratio and peak memory, medians of the runs. */
export function splitTable(results: ReportResult[]): string {
  return markdownTable(
    [
      "report",
      "size",
      "parts",
      "split",
      "floor: 1 parse",
      "ratio",
      "CPU ratio",
      "peak RSS",
      "split + write",
      "peak RSS",
    ],
    results.map((r) => [
      r.report.name,
      kilobytes(r.report.bytes),
      String(r.split[0]!.parts),
      millis(med(r.split, (s) => s.splitMs)),
      millis(med(r.split, (s) => s.floorMs)),
      ratio(splitRatio(r)),
      ratio(splitCpuRatio(r)),
      mib(med(r.split, (s) => s.peakRssMiB)),
      millis(med(r.write, (s) => s.writeMs)),
      mib(med(r.write, (s) => s.peakRssMiB)),
    ]),
  );
}

/** Build table: full builds against the baseline, and rebuilds after one edit. */
export function buildTable(results: ReportResult[]): string {
  const rebuild = (s: ReportResult["rebuild"]) =>
    `${seconds(median(s.wallMs))} (${s.written} files${s.complete ? "" : ", stale pages"})`;
  return markdownTable(
    [
      "report",
      "serialpress build (Eleventy's own)",
      "baseline build (Eleventy's own)",
      "ratio",
      "CPU ratio",
      "peak RSS",
      "baseline peak RSS",
      "rebuild (watch)",
      "rebuild (--incremental)",
    ],
    results.map((r) => [
      r.report.name,
      `${seconds(med(r.build, (b) => b.wallMs))} (${seconds(med(r.build, (b) => b.eleventyMs))})`,
      `${seconds(med(r.baseline, (b) => b.wallMs))} (${seconds(med(r.baseline, (b) => b.eleventyMs))})`,
      ratio(buildRatio(r)),
      ratio(buildCpuRatio(r)),
      mib(med(r.build, (b) => b.peakRssMiB)),
      mib(med(r.baseline, (b) => b.peakRssMiB)),
      rebuild(r.rebuild),
      rebuild(r.incremental),
    ]),
  );
}

/**
 * Where a build's extra time lies: the same site with one-line series layouts
 * (no page design, no parts on the whole-report page) against the full build
 * and the baseline, all three run in turn.
 */
export function oneLineTable(results: ReportResult[]): string {
  return markdownTable(
    [
      "report",
      "serialpress build",
      "with one-line layouts",
      "baseline build",
      "ratio",
      "ratio with one-line layouts",
      "peak RSS with one-line layouts",
    ],
    results.map((r) => [
      r.report.name,
      seconds(med(r.build, (b) => b.wallMs)),
      seconds(med(r.oneLine, (b) => b.wallMs)),
      seconds(med(r.baseline, (b) => b.wallMs)),
      ratio(buildRatio(r)),
      ratio(paired(r.oneLine, r.baseline, (b) => b.wallMs)),
      mib(med(r.oneLine, (b) => b.peakRssMiB)),
    ]),
  );
}

/** Page weight table: bytes a reader downloads (HTML + linked CSS; each feed). */
export function weightTable(results: ReportResult[]): string {
  return markdownTable(
    ["report", "largest post + CSS", "whole report + CSS", "feed.xml", "atom.xml", "feed.json"],
    results.map(({ report, weight: w }) => [
      `${report.name} (\`${w.largestPost}\`)`,
      weight(w.largestPostWithCss),
      weight(w.wholeReportWithCss),
      weight(w.feeds["feed.xml"]),
      weight(w.feeds["atom.xml"]),
      weight(w.feeds["feed.json"]),
    ]),
  );
}

/**
 * Checks the targets of issues 9 and 15 on the results: split ratio <= 2.0 everywhere;
 * split growth from `small` to `large` within 1.3x of linear in bytes;
 * split peak RSS < 300 MiB at `large`; build ratio <= 1.3 at `small` and
 * no worse at `large` (issue 9); build ratio <= 1.3 and build peak RSS
 * < 300 MiB at `large` (issue 15).
 */
export function checkTargets(
  all: ReportResult[],
  small: ReportResult,
  large: ReportResult,
): TargetCheck[] {
  const ratios = all
    .map((r) => `${r.report.name} ${ratio(splitRatio(r))} (CPU ${ratio(splitCpuRatio(r))})`)
    .join(", ");
  const growth = (f: (r: ReportResult) => number) =>
    f(large) / f(small) / (large.report.bytes / small.report.bytes);
  const splitGrowth = growth((r) => med(r.split, (s) => s.splitMs));
  const writeGrowth = growth((r) => med(r.write, (s) => s.writeMs));
  const floorGrowth = growth((r) => med(r.split, (s) => s.floorMs));
  const peak = med(large.split, (s) => s.peakRssMiB);
  const writePeak = med(large.write, (s) => s.peakRssMiB);
  const [b1, b16] = [buildRatio(small), buildRatio(large)];
  const buildPeak = med(large.build, (b) => b.peakRssMiB);
  return [
    { target: "split / floor <= 2.0", measured: ratios, met: all.every((r) => splitRatio(r) <= 2) },
    {
      target: `split growth ${small.report.name} → ${large.report.name} <= 1.3 × linear`,
      measured: `${ratio(splitGrowth)} × linear (split + write ${ratio(writeGrowth)}; floor ${ratio(floorGrowth)})`,
      met: splitGrowth <= 1.3,
    },
    {
      target: `split peak RSS < 300 MiB at ${large.report.name}`,
      measured: `${mib(peak)} (split + write ${mib(writePeak)})`,
      met: peak < 300,
    },
    {
      target: `build / baseline <= 1.3 at ${small.report.name}`,
      measured: `${ratio(b1)} (CPU ${ratio(buildCpuRatio(small))}; Eleventy's own times ${ratio(ownRatio(small))})`,
      met: b1 <= 1.3,
    },
    {
      target: `build / baseline at ${large.report.name} no worse than at ${small.report.name}`,
      measured: `${ratio(b16)} vs ${ratio(b1)} (CPU ${ratio(buildCpuRatio(large))} vs ${ratio(buildCpuRatio(small))})`,
      met: b16 <= b1,
    },
    {
      target: `build / baseline <= 1.3 at ${large.report.name}`,
      measured: `${ratio(b16)} (CPU ${ratio(buildCpuRatio(large))}; Eleventy's own times ${ratio(ownRatio(large))})`,
      met: b16 <= 1.3,
    },
    {
      target: `build peak RSS < 300 MiB at ${large.report.name}`,
      measured: `${mib(buildPeak)} (baseline ${mib(med(large.baseline, (b) => b.peakRssMiB))})`,
      met: buildPeak < 300,
    },
  ];
}

/** Targets as a table. */
export function targetTable(checks: TargetCheck[]): string {
  return markdownTable(
    ["target", "measured", "met"],
    checks.map((c) => [c.target, c.measured, c.met ? "yes" : "**no**"]),
  );
}

/** The top of a profile summary: shares of time by package/file and by project function. */
export function profileTables(title: string, p: ProfileSummary, top = 10): string {
  const share = (ms: number) => `${((100 * ms) / p.totalMs).toFixed(1)} %`;
  const rows = (xs: { name: string; ms: number }[]) =>
    xs.slice(0, top).map((x) => [`\`${x.name}\``, millis(x.ms), share(x.ms)]);
  return [
    `**${title}**: ${millis(p.totalMs)} sampled; garbage collection ${(100 * p.gcShare).toFixed(1)} % of the process.`,
    "",
    markdownTable(["self time in", "time", "share"], rows(p.byGroup)),
    "",
    markdownTable(["project function (inclusive)", "time", "share"], rows(p.byFunction)),
  ].join("\n");
}

/** Header lines: machine, Node, date, load, run counts. */
export function runInfoLines(info: RunInfo): string {
  return [
    `- Date: ${info.date}`,
    `- Machine: \`nproc\` = ${info.nproc}, ${info.cpu}, ${info.os}`,
    `- Node.js ${info.node}`,
    `- Runs per measurement: ${info.runs} (medians shown); load average ${info.load[0].toFixed(2)} at the start, ${info.load[1].toFixed(2)} at the end`,
    `- Whole benchmark: ${seconds(info.totalMs)}`,
  ].join("\n");
}

/** How each number was measured, for the results file. */
export const METHOD = [
  "How:",
  "- Times are wall-clock; **CPU ratio** is the same ratio in CPU time (user + system of the process, all threads), which other programs on the machine disturb less. Targets are judged on wall-clock.",
  "- **split**: `splitReport` (parse, plan, references, verify, schedule) timed in a fresh Node process per run, after five warm-up rounds on the sample; **floor** is one bare `new MarkdownIt().parse(body)` of the same body in the same process, after the split (on a warmer heap, so if anything in its favour). **Peak RSS** is `process.resourceUsage().maxRSS` of that process (Node, tsx and modules included) read right after the split. **split + write** is the whole `runSplit` (load, split, write posts and lock into an empty folder) in its own process.",
  "- **build**: `node …/eleventy/cmd.cjs --quiet` in a temporary copy of the site (src, dist, scripts and node_modules symlinked; the plugin compiled to dist/ beforehand, as `npm ci` does) with `SERIAL_NOW=2100-01-01T00:00:00Z`, wall time from spawn to exit (in brackets, the build time Eleventy itself reports, which leaves out starting Node and loading the config); **baseline**: plain Eleventy (its own markdown-it) over copies of the same post files with a one-line layout, run alternately with it. Peak RSS of both from `maxRSS` at exit. **with one-line layouts**: the same serialpress site with its own one-line `base.njk`, `post.njk` and `report.njk` in `_includes/serialpress/` (the baseline's page; the post's content alone; the whole-report page without its parts), run in turn with the other two: it still renders the series' Markdown (section and comment links), contents and home pages, feeds, calendar and sitemap.",
  '- **rebuild**: Eleventy `--watch` started once, then the largest post edited (a paragraph appended) once per run, timed from the write to Eleventy\'s "Wrote N files". Plain `--watch` is what `npm run serve` runs; a second one-shot build after touching a post is the same as the full build above, since Eleventy keeps no cache between runs. "stale pages" means the edit did not reach the whole-report page or the RSS feed.',
  "- **page weight**: bytes of the built files, and gzip (zlib default level) of the same bytes.",
].join("\n");
