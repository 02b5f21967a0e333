import { describe, expect, test } from "@jest/globals";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { runSplit } from "../src/commands/split.js";
import { ConflictError } from "../src/errors.js";
import { readLock } from "../src/posts/lock.js";
import { writeSeries } from "../src/posts/write.js";
import { splitReport } from "../src/split/split.js";
import { listFiles } from "./helpers/site.js";
import { prose, reportFrom, settings } from "./helpers/report.js";

const REPORT = `---\ntitle: Write test\nseries:\n  start: 2027-01-05\n  timezone: Europe/Amsterdam\n  targetWords: 30\n  minWords: 15\n  maxWords: 60\n---\n# A\n\n${prose(30)}\n\n# B\n\n${prose(30)}\n\n# C\n\n${prose(30)}\n`;

async function fixture(): Promise<{ report: string; out: string }> {
  const dir = await mkdtemp(join(tmpdir(), "serialpress-write-"));
  const report = join(dir, "report.md");
  await writeFile(report, REPORT);
  return { report, out: join(dir, "posts") };
}
const quiet = () => {};
const hashes = async (dir: string) => {
  const files = await listFiles(dir);
  return Object.fromEntries(
    await Promise.all(
      files.map(async (f) => [
        f,
        createHash("sha256")
          .update(await readFile(join(dir, f)))
          .digest("hex"),
      ]),
    ),
  );
};

describe("writing posts", () => {
  test("splitting the same report twice gives byte-identical files and lock", async () => {
    const { report, out } = await fixture();
    await runSplit({ report, out, settings: {}, print: quiet });
    const first = await hashes(out);
    const again = await runSplit({ report, out, settings: {}, print: quiet });
    expect(again.written).toEqual([]);
    expect(await hashes(out)).toEqual(first);
    expect(Object.keys(first)).toEqual([
      "a.md",
      "b.md",
      "c.md",
      "posts.11tydata.json",
      "serial.lock.json",
    ]);
  });

  test("a post edited by hand is not overwritten; the error names the file; --force overwrites", async () => {
    const { report, out } = await fixture();
    await runSplit({ report, out, settings: {}, print: quiet });
    const edited = join(out, "b.md");
    await writeFile(edited, (await readFile(edited, "utf8")).replace("word1 ", "hand-edited "));
    await writeFile(report, REPORT.replace("word2 ", "changed "));
    await expect(runSplit({ report, out, settings: {}, print: quiet })).rejects.toThrow(
      new ConflictError(
        `this post was edited by hand since the last split and would be overwritten:\n  ${edited}\nMove the edit into the report and split again, or run the split with --force to overwrite.`,
      ),
    );
    expect(await readFile(edited, "utf8")).toContain("hand-edited");
    await runSplit({ report, out, settings: {}, print: quiet, force: true });
    expect(await readFile(edited, "utf8")).not.toContain("hand-edited");
  });

  test("a failure while writing leaves the previous posts and lock as they were", async () => {
    const { report, out } = await fixture();
    await runSplit({ report, out, settings: {}, print: quiet });
    const before = await hashes(out);
    const changed = reportFrom(REPORT.replace(/word1 /g, "edited "));
    const previous = await readLock(join(out, "serial.lock.json"));
    const result = splitReport(
      changed,
      settings({ targetWords: 30, minWords: 15, maxWords: 60 }),
      previous,
      new Date("2026-01-01T00:00:00Z"),
    );
    let staged = 0;
    await expect(
      writeSeries(
        out,
        {
          parts: result.parts,
          settings: previous!.settings,
          series: previous!.series,
          report: previous!.report,
        },
        {
          previous,
          afterStage: () => {
            if (++staged === 2) throw new Error("disk full (injected)");
          },
        },
      ),
    ).rejects.toThrow("disk full (injected)");
    expect(await hashes(out)).toEqual(before);
  });

  test("--dry-run prints the plan and writes nothing", async () => {
    const { report, out } = await fixture();
    const lines: string[] = [];
    await runSplit({ report, out, settings: {}, dryRun: true, print: (l) => lines.push(l) });
    expect(lines.join("\n")).toBe(
      [
        "Part  Release date               Words  Title",
        "   1  2027-01-05T09:00:00+01:00     31  A",
        "   2  2027-01-12T09:00:00+01:00     31  B",
        "   3  2027-01-19T09:00:00+01:00     31  C",
        "Dry run: nothing written. 3 parts, 93 words.",
      ].join("\n"),
    );
    await expect(listFiles(out)).rejects.toThrow(/ENOENT/);
  });

  test("a folder holding another report's series is not replaced without --force", async () => {
    const { report, out } = await fixture();
    await runSplit({ report, out, settings: {}, print: quiet });
    const other = join(out, "..", "other.md");
    await writeFile(other, "# Other\n\nText of another report.\n");
    const rel = (p: string) => relative(process.cwd(), p);
    await expect(runSplit({ report: other, out, settings: {}, print: quiet })).rejects.toThrow(
      new ConflictError(
        `${out}/ holds the series of ${rel(report)}, not of ${rel(other)} (0% of its sections are in this report). Use another --out folder for this report, or pass --force to replace that series.`,
      ),
    );
    await runSplit({ report: other, out, settings: {}, print: quiet, force: true });
    expect(await listFiles(out)).toEqual(["other.md", "posts.11tydata.json", "serial.lock.json"]);
  });

  test("a re-split without flags keeps the cadence, time and zone the series was split with", async () => {
    const { report, out } = await fixture();
    // Settings only as flags (the report's front matter gives none of these).
    await writeFile(report, REPORT.replace("  timezone: Europe/Amsterdam\n", ""));
    const flags = { every: "tue,thu", time: "18:30", timezone: "Asia/Tokyo" };
    const first = await runSplit({ report, out, settings: flags, print: quiet });
    expect(first.parts.map((p) => p.date)).toEqual([
      "2027-01-05T18:30:00+09:00",
      "2027-01-07T18:30:00+09:00",
      "2027-01-12T18:30:00+09:00",
    ]);
    const again = await runSplit({ report, out, settings: {}, print: quiet });
    expect(again.parts.map((p) => p.date)).toEqual(first.parts.map((p) => p.date));
    expect(again.written).toEqual([]);
    expect((await readLock(join(out, "serial.lock.json")))!.settings).toMatchObject(flags);
  });

  test("a report moved to another path is the same series: published parts keep their pages, GUIDs and dates", async () => {
    const { report, out } = await fixture();
    const saved = process.env.SERIAL_NOW;
    process.env.SERIAL_NOW = "2027-01-13T00:00:00Z";
    try {
      const first = await runSplit({ report, out, settings: {}, print: quiet });
      const moved = join(out, "..", "renamed.md");
      await writeFile(moved, await readFile(report, "utf8"));
      const lines: string[] = [];
      const again = await runSplit({
        report: moved,
        out,
        settings: {},
        print: (l) => lines.push(l),
      });
      expect(lines[0]).toBe(
        `note: ${out}/ was split from ${relative(process.cwd(), report)}; 100% of its sections are in ${relative(process.cwd(), moved)}, so this is the same series (its published parts keep their pages, feed ids and dates).`,
      );
      expect(again.parts.map((p) => [p.id, p.guid, p.date, p.status])).toEqual(
        first.parts.map((p) => [p.id, p.guid, p.date, "unchanged"]),
      );
      expect((await readLock(join(out, "serial.lock.json")))!.report.file).toBe(
        relative(process.cwd(), moved),
      );
    } finally {
      if (saved === undefined) delete process.env.SERIAL_NOW;
      else process.env.SERIAL_NOW = saved;
    }
  });
});
