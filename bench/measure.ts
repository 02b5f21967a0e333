// The measurements of one benchmark report: split, build, rebuild, page weight.
import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { runSplit } from "../src/commands/split.js";
import type { BenchReport } from "./generate.js";
import type { RepeatSample, SplitSample, WriteSample } from "./split-child.js";
import {
  buildSite,
  makeBaselineSite,
  makeOneLineLayoutSite,
  makeSerialSite,
  type BuildSample,
} from "./sites.js";
import { readMainProfile, summarizeProfile, type ProfileSummary } from "./profile.js";
import { measureRebuilds, type RebuildSample } from "./watch.js";
import { siteWeight, type SiteWeight } from "./weight.js";

/** Everything measured for one report; lists hold one entry per run. */
export interface ReportResult {
  report: BenchReport;
  split: SplitSample[];
  write: WriteSample[];
  build: BuildSample[];
  baseline: BuildSample[];
  /** The same site with one-line series layouts (sites.ts, ONE_LINE_LAYOUTS). */
  oneLine: BuildSample[];
  /** Watch mode, full rebuild (what `npm run serve` does). */
  rebuild: RebuildSample;
  /** Watch mode with `--incremental`. */
  incremental: RebuildSample;
  weight: SiteWeight;
  /** CPU profiles: splits repeated for a second (under `splitReport`), and one build. */
  profile?: { split?: ProfileSummary; build?: ProfileSummary };
}

/** Paths and counts shared by every measurement. */
export interface BenchContext {
  /** Project root (holds src, node_modules, bench). */
  root: string;
  /** Scratch folder for sites and posts (removed by the caller). */
  tmp: string;
  /** Small report each split child warms up on. */
  warmup: string;
  runs: number;
  /** Called with a line of progress. */
  log: (line: string) => void;
}

/**
 * Runs `bench/split-child.ts` once in a fresh Node process (extra Node
 * flags such as `--cpu-prof` in `nodeFlags`) and returns the sample it prints.
 *
 * @throws Error with the child's output when it fails.
 */
export function splitChild<T extends SplitSample | WriteSample | RepeatSample>(
  ctx: BenchContext,
  mode: "split" | "write" | "repeat",
  report: string,
  nodeFlags: string[] = [],
): Promise<T> {
  const script = join(ctx.root, "bench/split-child.ts");
  const args = ["--import", "tsx", "--expose-gc", ...nodeFlags, script, mode, report];
  args.push(ctx.warmup, ctx.tmp);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ctx.root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d));
    child.stderr.on("data", (d: Buffer) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`split child (${mode} ${report}) failed:\n${err}`));
      else resolve(JSON.parse(out.trim().split("\n").at(-1)!) as T);
    });
  });
}

/** The largest post file in a posts folder (name only). */
async function largestPost(posts: string): Promise<string> {
  let best = "";
  let size = -1;
  for (const name of await readdir(posts)) {
    if (!name.endsWith(".md")) continue;
    const s = (await stat(join(posts, name))).size;
    if (s > size) [best, size] = [name, s];
  }
  return best;
}

/** Which CPU profiles to take of a report (each costs a few seconds). */
export interface ProfileOptions {
  split?: boolean;
  build?: boolean;
}

/**
 * Measures one report: `ctx.runs` of each split and build, then rebuilds
 * and page weight, and the CPU profiles `profile` asks for.
 */
export async function measureReport(
  ctx: BenchContext,
  report: BenchReport,
  profile: ProfileOptions = {},
): Promise<ReportResult> {
  const { runs } = ctx;
  let lap = performance.now();
  const log = (line: string) => {
    const now = performance.now();
    ctx.log(`${line} (${((now - lap) / 1000).toFixed(1)} s)`);
    lap = now;
  };
  const split: SplitSample[] = [];
  const write: WriteSample[] = [];
  for (let r = 0; r < runs; r++)
    split.push(await splitChild<SplitSample>(ctx, "split", report.file));
  log(`  split ×${runs}`);
  for (let r = 0; r < runs; r++)
    write.push(await splitChild<WriteSample>(ctx, "write", report.file));
  log(`  split and write ×${runs}`);

  const site = await makeSerialSite(ctx.root, ctx.tmp);
  await runSplit({ report: report.file, out: site.posts, settings: {}, print: () => {} });
  const base = await makeBaselineSite(ctx.root, ctx.tmp, site.posts);
  const oneLineSite = await makeOneLineLayoutSite(ctx.tmp, site);
  const build: BuildSample[] = [];
  const baseline: BuildSample[] = [];
  const oneLine: BuildSample[] = [];
  // Interleaved, so a busy spell on the machine hits all alike.
  for (let r = 0; r < runs; r++) {
    build.push(await buildSite(ctx.root, site, false));
    oneLine.push(await buildSite(ctx.root, oneLineSite, false));
    baseline.push(await buildSite(ctx.root, base, false));
  }
  log(`  builds ×${runs} (serialpress, with one-line layouts, baseline)`);
  await rm(oneLineSite.dir, { recursive: true, force: true });
  const weight = await siteWeight(site.out);
  let profiles: ReportResult["profile"];
  if (profile.split || profile.build) {
    const dir = await mkdtemp(join(ctx.tmp, "profile-"));
    const flags = (sub: string) => ["--cpu-prof", "--cpu-prof-dir", join(dir, sub)];
    profiles = {};
    if (profile.split) {
      await splitChild(ctx, "repeat", report.file, flags("split"));
      profiles.split = summarizeProfile(await readMainProfile(join(dir, "split")), "splitReport");
    }
    if (profile.build) {
      await buildSite(ctx.root, site, false, flags("build"));
      profiles.build = summarizeProfile(await readMainProfile(join(dir, "build")));
    }
    const what = [profile.split && "splits repeated for a second", profile.build && "one build"];
    log(`  CPU profiles (node --cpu-prof): ${what.filter(Boolean).join(", ")}`);
  }
  const post = await largestPost(site.posts);
  const rebuild = await measureRebuilds(ctx.root, site, post, { incremental: false, edits: runs });
  const incremental = await measureRebuilds(ctx.root, site, post, {
    incremental: true,
    edits: runs,
  });
  log(`  rebuilds after editing posts/${post} ×${runs} (full and --incremental)`);
  await rm(site.dir, { recursive: true, force: true });
  await rm(base.dir, { recursive: true, force: true });
  return {
    report,
    split,
    write,
    build,
    baseline,
    oneLine,
    rebuild,
    incremental,
    weight,
    profile: profiles,
  };
}
