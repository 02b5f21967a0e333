import { describe, expect, test } from "@jest/globals";
import { spawn } from "node:child_process";
import { appendFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ROOT, SAMPLE } from "./helpers/paths.js";
import { build, listFiles, makeSite, splitInto } from "./helpers/site.js";

const NOW = "2100-01-01T00:00:00Z";
const WROTE = /Wrote \d+ files? .*?in [\d.]+ seconds/g;

/** Every file under a folder with its bytes. */
async function files(dir: string): Promise<Map<string, string>> {
  const names = await listFiles(dir);
  return new Map(
    await Promise.all(names.map(async (n) => [n, await readFile(join(dir, n), "utf8")] as const)),
  );
}

// Issue 15: `eleventy --watch --incremental` rebuilt only the edited post, so
// the whole-report page, contents and feeds kept the old text. The pages and
// feeds that list parts now declare the `parts` collection they use.
/** Runs Eleventy with `args` in `dir`, watching; counts its builds. */
function watch(dir: string, args: string[]) {
  const child = spawn(
    process.execPath,
    [join(ROOT, "node_modules/@11ty/eleventy/cmd.cjs"), "--watch", "--quiet", ...args],
    {
      cwd: dir,
      env: { ...process.env, SERIAL_NOW: NOW, TZ: "UTC" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let log = "";
  child.stdout.on("data", (d: Buffer) => (log += d));
  child.stderr.on("data", (d: Buffer) => (log += d));
  return { child, count: () => (log.match(WROTE) ?? []).length, log: () => log };
}

describe("watch mode (npm run serve)", () => {
  // A build wrote the list of its outputs into .cache/, which the watcher saw
  // as a change: every build started the next one.
  test("rebuilds once per edit: its own bookkeeping starts no rebuild", async () => {
    const site = await makeSite();
    await splitInto(site, SAMPLE);
    const w = watch(site.dir, []);
    try {
      for (let waited = 0; w.count() < 1; waited += 100) {
        if (waited > 60_000) throw new Error(`no build:\n${w.log()}`);
        await sleep(100);
      }
      await sleep(500);
      const lock = JSON.parse(await readFile(join(site.posts, "serial.lock.json"), "utf8"));
      await appendFile(join(site.posts, lock.parts[1].file as string), "\nAn edit.\n");
      for (let waited = 0; w.count() < 2; waited += 100) {
        if (waited > 60_000) throw new Error(`no rebuild:\n${w.log()}`);
        await sleep(100);
      }
      await sleep(4000);
      expect(w.count()).toBe(2);
    } finally {
      w.child.kill();
    }
  });
});

describe("an incremental rebuild after editing a post", () => {
  test("gives exactly the files a full build gives", async () => {
    const site = await makeSite();
    await splitInto(site, SAMPLE);
    const child = spawn(
      process.execPath,
      [
        join(ROOT, "node_modules/@11ty/eleventy/cmd.cjs"),
        "--watch",
        "--incremental",
        "--quiet",
        "--output=_watched",
      ],
      {
        cwd: site.dir,
        env: { ...process.env, SERIAL_NOW: NOW, TZ: "UTC" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let log = "";
    child.stdout.on("data", (d: Buffer) => (log += d));
    child.stderr.on("data", (d: Buffer) => (log += d));
    const builds = async (n: number) => {
      for (let waited = 0; (log.match(WROTE) ?? []).length < n; waited += 100) {
        if (waited > 60_000 || child.exitCode !== null) throw new Error(`no build ${n}:\n${log}`);
        await sleep(100);
      }
    };
    try {
      await builds(1);
      await sleep(500);
      const lock = JSON.parse(await readFile(join(site.posts, "serial.lock.json"), "utf8"));
      const post = lock.parts[2].file as string;
      await appendFile(join(site.posts, post), "\nA sentence added by an incremental edit.\n");
      await builds(2);
    } finally {
      child.kill();
    }
    await build(site, NOW);
    const watched = await files(join(site.dir, "_watched"));
    const full = await files(site.out);
    expect([...watched.keys()]).toEqual([...full.keys()]);
    const differ = [...full.keys()].filter((f) => watched.get(f) !== full.get(f));
    expect(differ).toEqual([]);
    for (const f of ["report/index.html", "feed.xml", "atom.xml", "feed.json"])
      expect(watched.get(f)).toContain("A sentence added by an incremental edit.");
  });
});
