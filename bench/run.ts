// `npm run bench`: speed and memory of split and build at 1x, 4x and 16x the
// Open Science Training Handbook and on the bundled sample, against
// baselines measured in the same run (issue 9). Writes bench/results.md.
import { existsSync, statSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, cpus, loadavg, release, tmpdir, type } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { writeScaledReports, type BenchReport } from "./generate.js";
import { discussionTable, measureDiscussion, type DiscussionResult } from "./discussion.js";
import { measureReport, type BenchContext, type ReportResult } from "./measure.js";
import {
  buildTable,
  checkTargets,
  profileTables,
  METHOD,
  oneLineTable,
  runInfoLines,
  splitTable,
  targetTable,
  weightTable,
  type RunInfo,
} from "./results.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SAMPLE = join(ROOT, "reports/communities-of-practice.md");
const OSTH = resolve(ROOT, "../shared/corpus/osth-open-science-training-handbook-en.md");
const FACTORS = [1, 4, 16];

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    "skip-profile": { type: "boolean", default: false },
    "only-discussion": { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs must be a positive whole number, got "${values.runs}"`);
  process.exit(2);
}

// The sites load the compiled plugin (dist/), as after `npm ci`: compile the current sources first.
// @ts-expect-error scripts/compile.js is plain JavaScript without type declarations.
const { compile } = await import("../scripts/compile.js");
await compile();

const started = performance.now();
const load0 = loadavg()[0]!;
const log = (line: string) => console.log(line);
const reports: BenchReport[] = [{ name: "sample", file: SAMPLE, bytes: statSync(SAMPLE).size }];
if (existsSync(OSTH)) {
  reports.push(...(await writeScaledReports(OSTH, "osth", FACTORS, join(ROOT, "bench/out"))));
} else {
  log(
    `SKIPPED the 1x/4x/16x reports: ${OSTH} is absent (the shared corpus is not on this machine).`,
  );
}

const tmp = await mkdtemp(join(tmpdir(), "serialpress-bench-"));
const ctx: BenchContext = { root: ROOT, tmp, warmup: SAMPLE, runs, log };
const results: ReportResult[] = [];
let discussion: DiscussionResult | undefined;
try {
  // 10,000 comments over the 1x handbook's parts (the sample's without the corpus).
  const commented = reports.find((r) => r.name === "osth 1x") ?? reports[0]!;
  log(`discussion: ${relative(ROOT, commented.file)} with and without 10,000 comments`);
  discussion = await measureDiscussion(ctx, commented);
  for (const report of values["only-discussion"] ? [] : reports) {
    log(`${report.name}: ${relative(ROOT, report.file)}`);
    // Profile the sample's split (it misses the ratio target) and all of the largest report.
    const largest = report === reports.at(-1);
    const profile = values["skip-profile"]
      ? {}
      : { split: largest || report.name === "sample", build: largest };
    results.push(await measureReport(ctx, report, profile));
  }
} finally {
  await rm(tmp, { recursive: true, force: true });
}

const info: RunInfo = {
  date: new Date().toISOString(),
  nproc: availableParallelism(),
  cpu: cpus()[0]?.model ?? "unknown CPU",
  node: process.version,
  os: `${type()} ${release()}`,
  runs,
  load: [load0, loadavg()[0]!],
  totalMs: performance.now() - started,
};

const osth = results.filter((r) => r.report.name.startsWith("osth"));
const checks = osth.length >= 2 ? checkTargets(results, osth[0]!, osth.at(-1)!) : [];
const sections = [
  "# serialpress benchmark results",
  "",
  'Written by `npm run bench` (see README, "Benchmark"). Numbers are medians of the runs; ratios are medians of each run\'s own ratio.',
  "",
  runInfoLines(info),
  "",
  METHOD,
  "",
  "## Split",
  "",
  splitTable(results),
  "",
  "## Build",
  "",
  buildTable(results),
  "",
  "Without the series' page design: the same builds with one-line layouts.",
  "",
  oneLineTable(results),
  "",
  "## Page weight",
  "",
  weightTable(results),
  "",
  ...(discussion
    ? [
        "## Discussion (issue 13)",
        "",
        "A full build with 10,000 comments in `posts/discussion.json` (threads of a comment and three replies over every section), against the same build with no snapshot, run alternately.",
        "",
        discussionTable(discussion),
        "",
      ]
    : []),
  ...(checks.length ? ["## Targets (issues 9 and 15)", "", targetTable(checks), ""] : []),
  ...(results.some((r) => r.profile) ? ["## Where the time goes", ""] : []),
  ...results.flatMap((r) => {
    const tables: string[] = [];
    if (r.profile?.split)
      tables.push(
        profileTables(
          `Split of ${r.report.name} (\`splitReport\` repeated for a second)`,
          r.profile.split,
        ),
        "",
      );
    if (r.profile?.build)
      tables.push(
        profileTables(`Build of ${r.report.name} (the whole Eleventy process)`, r.profile.build),
        "",
      );
    return tables;
  }),
];
const markdown = `${sections.join("\n")}`;
console.log(`\n${markdown}`);
// A partial run (--only-discussion) prints its table and keeps the committed results.
if (!values["only-discussion"]) {
  await writeFile(join(ROOT, "bench/results.md"), markdown);
  console.log(`Wrote bench/results.md in ${(info.totalMs / 1000).toFixed(0)} s.`);
}
if (info.totalMs > 10 * 60 * 1000)
  console.log("warning: the benchmark took over 10 minutes; try --runs 5 on a quieter machine.");
