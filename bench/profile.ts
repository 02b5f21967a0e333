// Where the time goes: summaries of V8 CPU profiles (`node --cpu-prof`).
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { SourceMap } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The parts of a `.cpuprofile` file (Chrome DevTools protocol `Profile`) we read. */
interface CpuProfile {
  nodes: {
    id: number;
    /** Line and column are 0-based, of the function's start in `url`. */
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }[];
  samples: number[];
  /** Microseconds between samples. */
  timeDeltas: number[];
}

/** A profile reduced to shares of time. Times in milliseconds. */
export interface ProfileSummary {
  /** Sampled time counted (under `focus` when given). */
  totalMs: number;
  /** Share of the whole profile spent in the garbage collector. */
  gcShare: number;
  /** Self time by package (`markdown-it`) or project file (`src/report/markdown.ts`), largest first. */
  byGroup: { name: string; ms: number }[];
  /** Inclusive time of the project's own functions (`src/…`), largest first. */
  byFunction: { name: string; ms: number }[];
}

const IDLE = new Set(["(idle)", "(program)"]);

/** Package name or project-relative file for a script URL. */
function groupOf(url: string, functionName: string): string {
  // No script: V8's own entries such as "(garbage collector)", or a native
  // function (a built-in or a Node binding such as writeFileUtf8).
  if (!url) return functionName.startsWith("(") ? functionName : `native ${functionName}`;
  if (url.startsWith("node:")) return "(Node.js internals)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const own = /\/((?:src|bench|_includes|pages)\/.*)$/.exec(url);
  return own ? own[1]! : url.replace(/^file:\/\//, "");
}

/**
 * Summarises one CPU profile. With `focus` (a function name), only samples
 * whose stack passes through that function count, so a benchmark's set-up
 * and warm-up drop out; the GC share is always of the whole profile.
 */
export function summarizeProfile(profile: CpuProfile, focus?: string): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  let allUs = 0;
  let gcUs = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const name = byId.get(id)!.callFrame.functionName;
    if (IDLE.has(name)) return;
    allUs += dt;
    if (name === "(garbage collector)") gcUs += dt;
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
  });
  const groups = new Map<string, number>();
  const functions = new Map<string, number>();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const stack: CpuProfile["nodes"] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur))
      stack.push(byId.get(cur)!);
    if (focus && !stack.some((n) => n.callFrame.functionName === focus)) continue;
    totalUs += us;
    const { url, functionName } = stack[0]!.callFrame;
    const group = groupOf(url, functionName);
    groups.set(group, (groups.get(group) ?? 0) + us);
    const seen = new Set<string>();
    for (const { callFrame } of stack) {
      const file = groupOf(callFrame.url, callFrame.functionName);
      if (!file.startsWith("src/")) continue;
      // Names only: a function's line is not always its source's (tsx, esbuild renames).
      const key = `${callFrame.functionName || "(anonymous)"} (${file})`;
      if (seen.has(key)) continue;
      seen.add(key);
      functions.set(key, (functions.get(key) ?? 0) + us);
    }
  }
  const sorted = (m: Map<string, number>) =>
    [...m].map(([name, us]) => ({ name, ms: us / 1000 })).sort((a, b) => b.ms - a.ms);
  return {
    totalMs: totalUs / 1000,
    gcShare: allUs ? gcUs / allUs : 0,
    byGroup: sorted(groups),
    byFunction: sorted(functions),
  };
}

/**
 * Points each frame of a bundled file (the plugin's `dist/eleventy.js`, which
 * has its `.map` beside it) at the source it was compiled from, so the plugin's
 * functions count as `src/…` and the libraries bundled into it as their
 * packages. Frames without a map, or outside it, stay as they are. Changes
 * `profile` in place and returns it.
 */
export async function mapToSources(profile: CpuProfile): Promise<CpuProfile> {
  const maps = new Map<string, SourceMap | null>();
  for (const { callFrame } of profile.nodes) {
    if (!callFrame.url.startsWith("file://")) continue;
    if (!maps.has(callFrame.url)) {
      const map = `${fileURLToPath(callFrame.url)}.map`;
      maps.set(
        callFrame.url,
        existsSync(map) ? new SourceMap(JSON.parse(await readFile(map, "utf8"))) : null,
      );
    }
    const entry = maps.get(callFrame.url)?.findEntry(callFrame.lineNumber, callFrame.columnNumber);
    if (!entry || !("originalSource" in entry)) continue;
    const source = resolve(dirname(fileURLToPath(callFrame.url)), entry.originalSource);
    callFrame.url = pathToFileURL(source).href;
    callFrame.lineNumber = entry.originalLine;
    callFrame.columnNumber = entry.originalColumn;
  }
  return profile;
}

/**
 * Reads the busiest profile (the main thread's; tsx's loader thread is
 * mostly idle) among the `.cpuprofile` files in `dir`, its bundled frames
 * pointed at their sources ({@link mapToSources}).
 *
 * @throws Error when `dir` holds no profile.
 */
export async function readMainProfile(dir: string): Promise<CpuProfile> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".cpuprofile"));
  let best: CpuProfile | null = null;
  let bestBusy = -1;
  for (const f of files) {
    const profile = JSON.parse(await readFile(join(dir, f), "utf8")) as CpuProfile;
    const idle = new Set(
      profile.nodes.filter((n) => IDLE.has(n.callFrame.functionName)).map((n) => n.id),
    );
    const busy = profile.samples.filter((s) => !idle.has(s)).length;
    if (busy > bestBusy) [best, bestBusy] = [profile, busy];
  }
  if (!best) throw new Error(`no .cpuprofile in ${dir}`);
  return mapToSources(best);
}
