import { describe, expect, test } from "@jest/globals";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runSplit } from "../src/commands/split.js";
import { SAMPLE } from "./helpers/paths.js";
import { listFiles } from "./helpers/site.js";

/** Every file of a folder and its bytes. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const names = await listFiles(dir);
  return new Map(
    await Promise.all(names.map(async (n) => [n, await readFile(join(dir, n), "utf8")] as const)),
  );
}

// Issue 15: the first split of a series whose parts are already past wrote no
// `published`, which the second split then added, so splitting twice differed.
describe("a first split of a series whose first parts are already past", () => {
  test("writes what a re-split would: the second split changes no byte", async () => {
    const out = await mkdtemp(join(tmpdir(), "serialpress-first-"));
    const saved = process.env.SERIAL_NOW;
    process.env.SERIAL_NOW = "2026-11-01T00:00:00Z";
    try {
      const split = () =>
        runSplit({ report: SAMPLE, out, settings: {}, print: () => {}, warn: () => {} });
      await split();
      const first = await snapshot(out);
      const lock = JSON.parse(first.get("serial.lock.json")!);
      // Parts 1-4 are out on 1 November 2026: published at their release dates, the rest not.
      expect(lock.parts.map((p: { published?: string }) => p.published ?? null)).toEqual([
        "2026-10-06T09:00:00+02:00",
        "2026-10-13T09:00:00+02:00",
        "2026-10-20T09:00:00+02:00",
        "2026-10-27T09:00:00+01:00",
        null,
        null,
        null,
        null,
        null,
        null,
      ]);
      await split();
      expect(await snapshot(out)).toEqual(first);
    } finally {
      if (saved === undefined) delete process.env.SERIAL_NOW;
      else process.env.SERIAL_NOW = saved;
    }
  });
});
