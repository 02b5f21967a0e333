import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runSplit } from "../src/commands/split.js";
import { SettingError } from "../src/errors.js";
import type { SerialLock } from "../src/posts/lock.js";
import { releaseDates } from "../src/schedule/cadence.js";
import { parseSkip, readSkipFile } from "../src/schedule/skip.js";
import { resolveSettings } from "../src/settings.js";
import type { ReportMeta } from "../src/types.js";
import { prose } from "./helpers/report.js";

const base = { start: "2026-12-15", every: "week", time: "09:00", timezone: "Europe/Amsterdam" };

describe("skipped days", () => {
  test("a skipped Tuesday is a slot not used: the part goes to the next Tuesday and later parts move up", () => {
    expect(releaseDates({ ...base, skip: ["2026-12-29"] }, 3)).toEqual([
      "2026-12-15T09:00:00+01:00",
      "2026-12-22T09:00:00+01:00",
      "2027-01-05T09:00:00+01:00",
    ]);
  });

  test("a range skips every day in it, both ends included", () => {
    expect(
      releaseDates({ ...base, every: "weekdays", skip: ["2026-12-24..2027-01-01"] }, 4),
    ).toEqual([
      "2026-12-15T09:00:00+01:00",
      "2026-12-16T09:00:00+01:00",
      "2026-12-17T09:00:00+01:00",
      "2026-12-18T09:00:00+01:00",
    ]);
    expect(
      releaseDates(
        { ...base, start: "2026-12-23", every: "weekdays", skip: ["2026-12-24..2027-01-01"] },
        3,
      ),
    ).toEqual([
      "2026-12-23T09:00:00+01:00",
      "2027-01-04T09:00:00+01:00",
      "2027-01-05T09:00:00+01:00",
    ]);
  });

  test("the start itself can be skipped", () => {
    expect(releaseDates({ ...base, every: "day", skip: ["2026-12-15"] }, 2)).toEqual([
      "2026-12-16T09:00:00+01:00",
      "2026-12-17T09:00:00+01:00",
    ]);
  });

  test("skip dates are calendar days in the series' zone: 09:00 in Auckland on the 25th is the 24th in UTC", () => {
    expect(
      releaseDates(
        {
          start: "2026-12-24",
          every: "day",
          time: "09:00",
          timezone: "Pacific/Auckland",
          skip: ["2026-12-25"],
        },
        2,
      ),
    ).toEqual(["2026-12-24T09:00:00+13:00", "2026-12-26T09:00:00+13:00"]);
  });

  test("a skipped day in an explicit list drops that date; too few dates left is refused with the counts", () => {
    const list = { ...base, every: "2027-03-02, 2027-03-09, 2027-03-16" };
    expect(releaseDates({ ...list, skip: ["2027-03-09"] }, 2)).toEqual([
      "2027-03-02T09:00:00+01:00",
      "2027-03-16T09:00:00+01:00",
    ]);
    expect(() => releaseDates({ ...list, skip: ["2027-03-09"] }, 3)).toThrow(
      new SettingError(
        "the list of release dates (--every or series.every) has 3 date(s), 1 of them skipped, but 3 part(s) need a date; list 1 more, or make parts larger (--target-words).",
      ),
    );
  });

  test("no release ever lands on a skipped day, and releases keep their order (property)", () => {
    const day = fc
      .integer({ min: 0, max: 120 })
      .map((n) => new Date(Date.UTC(2026, 2, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        fc.constantFrom(
          "day",
          "week",
          "weekdays",
          "mon,thu",
          "every 3 days",
          "every 2 weeks",
          "sat",
        ),
        fc.constantFrom("America/New_York", "Europe/Amsterdam", "Australia/Sydney"),
        day,
        fc.array(day, { maxLength: 30 }),
        (every, timezone, start, skip) => {
          const dates = releaseDates({ start, every, time: "09:00", timezone, skip }, 8);
          const local = dates.map((d) => d.slice(0, 10));
          expect(local.filter((d) => skip.includes(d))).toEqual([]);
          expect(local.every((d) => d >= start)).toBe(true);
          expect([...dates].sort((a, b) => Date.parse(a) - Date.parse(b))).toEqual(dates);
          expect(new Set(dates).size).toBe(8);
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });

  test.each([
    [
      "2026-13-01",
      'skip date "2026-13-01" (--skip) is not a date; use YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD, e.g. 2026-12-25 or 2026-12-24..2027-01-01.',
    ],
    [
      "Christmas",
      'skip date "Christmas" (--skip) is not a date; use YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD, e.g. 2026-12-25 or 2026-12-24..2027-01-01.',
    ],
    [
      "2027-01-01..2026-12-24",
      'skip range "2027-01-01..2026-12-24" (--skip) ends before it starts; write the earlier date first.',
    ],
  ])("a bad skip entry %j is refused by name", (entry, message) => {
    expect(() => parseSkip([entry], "--skip")).toThrow(new SettingError(message));
  });

  test("skip entries are split on commas, sorted and made unique", () => {
    expect(
      parseSkip(["2027-01-01,2026-12-25", " 2026-12-25 ", "2026-12-24..2026-12-26"]).entries,
    ).toEqual(["2026-12-24..2026-12-26", "2026-12-25", "2027-01-01"]);
  });
});

describe("a skip file of holidays", () => {
  test("reads one date or range per line, with labels, comments and blank lines", async () => {
    const dir = await mkdtemp(join(tmpdir(), "serialpress-skip-"));
    const file = join(dir, "holidays.txt");
    await writeFile(
      file,
      "# Public holidays\n2026-12-25 Christmas Day\n\n2026-12-31..2027-01-01  New Year # closed\r\n",
    );
    expect(await readSkipFile(file)).toEqual(["2026-12-25", "2026-12-31..2027-01-01"]);
  });

  test("a line that is not a date is refused with the file and line", async () => {
    const dir = await mkdtemp(join(tmpdir(), "serialpress-skip-"));
    const file = join(dir, "holidays.txt");
    await writeFile(file, "2026-12-25 Christmas\nBoxing Day 2026-12-26\n");
    await expect(readSkipFile(file)).rejects.toMatchObject({
      name: "InputError",
      file,
      line: 2,
      message: `${file}:2: skip date "Boxing" (one per line, a label may follow) is not a date; use YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD, e.g. 2026-12-25 or 2026-12-24..2027-01-01.`,
    });
  });
});

describe("schedule settings from flags and the report", () => {
  const meta = (series: Record<string, unknown>): ReportMeta => ({
    title: "T",
    authors: [],
    series: series as ReportMeta["series"],
  });

  test("a YAML list of dates in series.every becomes one comma-separated cadence", () => {
    const s = resolveSettings(
      {},
      meta({ every: ["2027-03-02", "2027-03-09T18:00"] }),
      "2027-01-01",
    );
    expect(s.every).toBe("2027-03-02, 2027-03-09T18:00");
  });

  test("an empty list of dates is refused with the accepted forms", () => {
    expect(() => resolveSettings({}, meta({ every: [] }), "2027-01-01")).toThrow(
      new SettingError(
        "series.every in the report is an empty list of release dates; list one date per part (YYYY-MM-DD), e.g. [2027-03-02, 2027-03-09], or use a cadence such as `week`.",
      ),
    );
  });

  test("--skip replaces the report's skip list; either is checked and sorted", () => {
    const report = meta({ skip: ["2027-01-01", "2026-12-25"] });
    expect(resolveSettings({}, report, "2027-01-01").skip).toEqual(["2026-12-25", "2027-01-01"]);
    expect(resolveSettings({ skip: ["2027-04-05"] }, report, "2027-01-01").skip).toEqual([
      "2027-04-05",
    ]);
    expect(() => resolveSettings({}, meta({ skip: "25 December" }), "2027-01-01")).toThrow(
      new SettingError(
        `skip date "25 December" (the report's series.skip) is not a date; use YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD, e.g. 2026-12-25 or 2026-12-24..2027-01-01.`,
      ),
    );
  });

  test("no skip setting leaves no skip field (existing locks keep their bytes)", () => {
    const s = resolveSettings({}, meta({}), "2027-01-01");
    expect("skip" in s).toBe(false);
    expect("skipFile" in s).toBe(false);
  });

  test("the split reads the report's skipFile beside the report and records every skipped day in the lock", async () => {
    const dir = await mkdtemp(join(tmpdir(), "serialpress-skipsplit-"));
    await writeFile(join(dir, "holidays.txt"), "2027-03-09 Holiday\n");
    const report = join(dir, "r.md");
    const body = ["One", "Two", "Three"]
      .map((t, i) => `# ${t}\n\n${prose(30, 30, `s${i}`)}`)
      .join("\n\n");
    await writeFile(
      report,
      `---\ntitle: Skips\nseries:\n  start: 2027-03-02\n  every: tue\n  timezone: Africa/Nairobi\n  skip: [2027-03-16]\n  skipFile: holidays.txt\n  targetWords: 30\n  minWords: 15\n  maxWords: 60\n---\n${body}\n`,
    );
    const out = join(dir, "posts");
    const result = await runSplit({ report, out, settings: {}, print: () => {} });
    expect(result.parts.map((p) => p.date)).toEqual([
      "2027-03-02T09:00:00+03:00",
      "2027-03-23T09:00:00+03:00",
      "2027-03-30T09:00:00+03:00",
    ]);
    const lock = JSON.parse(await readFile(join(out, "serial.lock.json"), "utf8")) as SerialLock;
    expect(lock.settings.skip).toEqual(["2027-03-09", "2027-03-16"]);
    expect(lock.settings.skipFile).toBe("holidays.txt");
    expect(lock.settings.every).toBe("tue");
  });

  test("a re-split with a new skip day moves unreleased parts off it and keeps released dates", async () => {
    const dir = await mkdtemp(join(tmpdir(), "serialpress-reskip-"));
    const report = join(dir, "r.md");
    const body = ["One", "Two", "Three"]
      .map((t, i) => `# ${t}\n\n${prose(30, 30, `r${i}`)}`)
      .join("\n\n");
    await writeFile(
      report,
      `---\ntitle: Reskip\nseries:\n  start: 2027-03-02\n  every: week\n  timezone: UTC\n  targetWords: 30\n  minWords: 15\n  maxWords: 60\n---\n${body}\n`,
    );
    const out = join(dir, "posts");
    const saved = process.env.SERIAL_NOW;
    try {
      process.env.SERIAL_NOW = "2027-03-01T00:00:00Z";
      await runSplit({ report, out, settings: {}, print: () => {} });
      process.env.SERIAL_NOW = "2027-03-03T00:00:00Z";
      const again = await runSplit({
        report,
        out,
        settings: { skip: ["2027-03-02", "2027-03-09"] },
        print: () => {},
      });
      expect(again.parts.map((p) => p.date)).toEqual([
        "2027-03-02T09:00:00Z",
        "2027-03-16T09:00:00Z",
        "2027-03-23T09:00:00Z",
      ]);
      // A new cadence moves only the parts not yet out: the next Thursday and Monday after part 1.
      const weekly = await runSplit({
        report,
        out,
        settings: { every: "mon,thu" },
        print: () => {},
      });
      expect(weekly.parts.map((p) => p.date)).toEqual([
        "2027-03-02T09:00:00Z",
        "2027-03-04T09:00:00Z",
        "2027-03-08T09:00:00Z",
      ]);
    } finally {
      if (saved === undefined) delete process.env.SERIAL_NOW;
      else process.env.SERIAL_NOW = saved;
    }
  });
});
