// One split measurement in a fresh process, so that peak memory
// (`process.resourceUsage().maxRSS`) belongs to this measurement alone.
// Usage: node --import tsx --expose-gc bench/split-child.ts <split|write|repeat> <report> <warmup-report> <tmp-dir>
// Prints one JSON line (a SplitSample, WriteSample or RepeatSample) on stdout.
// `repeat` splits again and again for a second, for a CPU profile (--cpu-prof)
// with enough samples even for a small report.
import { mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import MarkdownIt from "markdown-it";
import { runSplit } from "../src/commands/split.js";
import { loadReport } from "../src/report/load.js";
import { resolveSettings } from "../src/settings.js";
import { splitReport } from "../src/split/split.js";
import type { Report } from "../src/types.js";

/**
 * What the `split` mode measures. Times in milliseconds (wall, and CPU time
 * of the process: user + system, all threads), memory in MiB.
 */
export interface SplitSample {
  /** Wall time of `splitReport` (parse, plan, references, verify, schedule). */
  splitMs: number;
  splitCpuMs: number;
  /** Wall time of one bare markdown-it parse of the same body, same process. */
  floorMs: number;
  floorCpuMs: number;
  /** Peak resident set size of the process up to the end of the split. */
  peakRssMiB: number;
  /** Resident set size just before the split (Node, modules, warm-up). */
  baseRssMiB: number;
  parts: number;
  words: number;
}

/** What the `write` mode measures: the whole `runSplit` writing posts. */
export interface WriteSample {
  /** Wall time of `runSplit` (load, split, write posts and lock) into an empty folder. */
  writeMs: number;
  writeCpuMs: number;
  peakRssMiB: number;
  baseRssMiB: number;
}

/** What the `repeat` mode did: splits and their mean wall time in milliseconds. */
export interface RepeatSample {
  rounds: number;
  meanMs: number;
}

const NOW = new Date("2026-01-01T00:00:00Z");
const MiB = (kiB: number) => kiB / 1024;
const maxRss = () => MiB(process.resourceUsage().maxRSS);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const WARMUP_ROUNDS = 5;

/** Runs `f`, returning its result with its wall and CPU time in milliseconds. */
async function timed<T>(f: () => T | Promise<T>): Promise<{ value: T; ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await f();
  const ms = performance.now() - start;
  const { user, system } = process.cpuUsage(cpu);
  return { value, ms, cpuMs: (user + system) / 1000 };
}

function settingsFor(report: Report) {
  return resolveSettings({}, report.meta, "2027-01-05");
}

async function splitMode(file: string, warmupFile: string): Promise<SplitSample> {
  const report = await loadReport(file);
  const warmup = await loadReport(warmupFile);
  const bare = new MarkdownIt();
  // Warm both code paths on a small report, so that neither runs cold (JIT) below.
  for (let k = 0; k < WARMUP_ROUNDS; k++) {
    splitReport(warmup, settingsFor(warmup), null, NOW);
    bare.parse(warmup.body, {});
  }
  gc();
  const baseRssMiB = MiB(process.memoryUsage().rss / 1024);

  // Keep only numbers, so the split's result is garbage before the floor runs.
  const split = await timed(() => {
    const { parts, words } = splitReport(report, settingsFor(report), null, NOW);
    return { parts: parts.length, words, peakRssMiB: maxRss() };
  });
  // The floor runs second, on a warmer heap: if anything in its favour, so the ratio is not flattered.
  gc();
  const floor = await timed(() => void bare.parse(report.body, {}));
  return {
    splitMs: split.ms,
    splitCpuMs: split.cpuMs,
    floorMs: floor.ms,
    floorCpuMs: floor.cpuMs,
    baseRssMiB,
    ...split.value,
  };
}

async function writeMode(file: string, warmupFile: string, tmp: string): Promise<WriteSample> {
  const quiet = { settings: {}, print: () => {} };
  for (let k = 0; k < WARMUP_ROUNDS; k++) {
    const warmDir = await mkdtemp(join(tmp, "warm-"));
    await runSplit({ report: warmupFile, out: warmDir, ...quiet });
    await rm(warmDir, { recursive: true, force: true });
  }
  gc();
  const baseRssMiB = MiB(process.memoryUsage().rss / 1024);
  const out = await mkdtemp(join(tmp, "posts-"));
  const write = await timed(() => runSplit({ report: file, out, ...quiet }));
  const peakRssMiB = maxRss();
  await rm(out, { recursive: true, force: true });
  return { writeMs: write.ms, writeCpuMs: write.cpuMs, peakRssMiB, baseRssMiB };
}

async function repeatMode(file: string, warmupFile: string): Promise<RepeatSample> {
  const report = await loadReport(file);
  const settings = settingsFor(report);
  const warmup = await loadReport(warmupFile);
  for (let k = 0; k < WARMUP_ROUNDS; k++) splitReport(warmup, settingsFor(warmup), null, NOW);
  const start = performance.now();
  let rounds = 0;
  while (performance.now() - start < 1000 || rounds < 3) {
    splitReport(report, settings, null, NOW);
    rounds++;
  }
  return { rounds, meanMs: (performance.now() - start) / rounds };
}

const MODES = ["split", "write", "repeat"];
const [mode, file, warmupFile, tmp] = process.argv.slice(2);
if (!file || !warmupFile || !tmp || !MODES.includes(mode ?? "")) {
  process.stderr.write(
    "usage: split-child.ts <split|write|repeat> <report> <warmup-report> <tmp-dir>\n",
  );
  process.exit(2);
}
const sample =
  mode === "split"
    ? await splitMode(file, warmupFile)
    : mode === "write"
      ? await writeMode(file, warmupFile, tmp)
      : await repeatMode(file, warmupFile);
process.stdout.write(`${JSON.stringify(sample)}\n`);
