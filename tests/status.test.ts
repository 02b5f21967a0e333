import { describe, expect, test } from "@jest/globals";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runSplit } from "../src/commands/split.js";
import { seriesStatus, statusText } from "../src/commands/status.js";
import { SettingError } from "../src/errors.js";
import { build, makeSite } from "./helpers/site.js";
import { prose } from "./helpers/report.js";

const FRONT = `---\ntitle: Status\nseries:\n  name: Status test\n  start: 2027-01-05\n  timezone: Europe/Amsterdam\n  targetWords: 30\n  minWords: 15\n  maxWords: 45\n---\n`;
const quiet = () => {};

describe("serialpress status", () => {
  test("lists each part as released or upcoming, and the next release", async () => {
    const dir = await mkdtemp(join(tmpdir(), "serialpress-status-"));
    const report = join(dir, "r.md");
    await writeFile(report, `${FRONT}# One\n\n${prose(30)}\n\n# Two\n\n${prose(30)}\n`);
    await runSplit({ report, out: join(dir, "posts"), settings: {}, print: quiet });
    const status = await seriesStatus(join(dir, "posts"), new Date("2027-01-06T00:00:00Z"));
    expect(statusText(status)).toBe(
      [
        "Status test: 1 of 2 parts released.",
        "Part  Release date               State     Updated  Title",
        "   1  2027-01-05T09:00:00+01:00  released           One",
        "   2  2027-01-12T09:00:00+01:00  upcoming           Two",
        "Next release: part 2, 2027-01-12T09:00:00+01:00 (Tuesday 12 January 2027, 09:00 CET).",
      ].join("\n"),
    );
    expect(status.next).toEqual({
      number: 2,
      title: "Two",
      date: "2027-01-12T09:00:00+01:00",
      human: "Tuesday 12 January 2027, 09:00 CET",
    });
  });

  test("a folder without a lock says to split first", async () => {
    const dir = await mkdtemp(join(tmpdir(), "serialpress-status-"));
    await expect(seriesStatus(dir)).rejects.toThrow(
      new SettingError(
        `${join(dir, "serial.lock.json")} does not exist: split a report first (serialpress split <report.md> --out ${dir}).`,
      ),
    );
  });
});

describe("the site after edits", () => {
  test("an updated part says so, a renamed heading's new slug still leads to it, a withdrawn part keeps its page with a note", async () => {
    const site = await makeSite();
    const report = join(site.dir, "r.md");
    const chapters = (b: string, c: string) => `${FRONT}# A\n\n${prose(30, 30, "a")}\n\n${b}${c}`;
    const saved = process.env.SERIAL_NOW;
    process.env.SERIAL_NOW = "2027-01-20T12:00:00+01:00";
    try {
      await writeFile(
        report,
        chapters(`# B\n\n${prose(30, 30, "b")}\n\n`, `# C\n\n${prose(30, 30, "c")}\n`),
      );
      await runSplit({ report, out: site.posts, settings: {}, print: quiet });
      await writeFile(
        report,
        chapters(
          "",
          `# C, renamed\n\n${prose(30, 30, "c").replace("c1 ", "c-one ")}\n\nSee [here](#c-renamed).\n`,
        ),
      );
      await runSplit({ report, out: site.posts, settings: {}, print: quiet, withdraw: ["b"] });
    } finally {
      if (saved === undefined) delete process.env.SERIAL_NOW;
      else process.env.SERIAL_NOW = saved;
    }
    await build(site, "2027-01-20T12:00:00+01:00");
    const b = await readFile(join(site.out, "posts/b/index.html"), "utf8");
    expect(b).toContain(
      'This part was withdrawn on <time datetime="2027-01-20T12:00:00+01:00">Wednesday 20 January 2027</time>',
    );
    expect(b).toContain("b1 b2 b3");
    const c = await readFile(join(site.out, "posts/c/index.html"), "utf8");
    expect(c).toContain('<span id="c-renamed"></span>\n<h1 id="c" tabindex="-1">C, renamed');
    expect(c).toContain('See <a href="#c-renamed">here</a>.');
    expect(c).toContain(
      '· updated <time datetime="2027-01-20T12:00:00+01:00">Wednesday 20 January 2027</time>',
    );
  });
});
