import { beforeAll, describe, expect, test } from "@jest/globals";
import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { runNext, waitText } from "../src/commands/next.js";
import { runSplit } from "../src/commands/split.js";
import { InputError } from "../src/errors.js";
import { prose } from "./helpers/report.js";
import { ROOT } from "./helpers/paths.js";

const run = promisify(execFile);

describe("serialpress next", () => {
  let posts: string;
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), "serialpress-next-"));
    const report = join(dir, "r.md");
    const body = ["Alpha", "Beta", "Gamma"]
      .map((t, i) => `# ${t}\n\n${prose(30, 30, `n${i}`)}`)
      .join("\n\n");
    await writeFile(
      report,
      `---\ntitle: Next\nseries:\n  start: 2027-03-26\n  every: weekly\n  time: "09:00"\n  timezone: Europe/Amsterdam\n  targetWords: 30\n  minWords: 15\n  maxWords: 60\n---\n${body}\n`,
    );
    posts = join(dir, "posts");
    await runSplit({ report, out: posts, settings: {}, print: () => {} });
  });

  test("prints the next release as ISO with offset, then a sentence without the title", async () => {
    const lines: string[] = [];
    const result = await runNext({
      posts,
      now: new Date("2027-03-30T10:59:00Z"),
      print: (l) => lines.push(l),
    });
    expect(lines).toEqual([
      "2027-04-02T09:00:00+02:00",
      "Part 2 of 3 comes out on Friday 2 April 2027, 09:00 CEST, in 2 days, 20 hours, 1 minute. Out so far: 1 of 3.",
    ]);
    expect(result.next).toEqual({
      part: 2,
      id: "beta",
      permalink: "/posts/beta/",
      date: "2027-04-02T09:00:00+02:00",
      utc: "2027-04-02T07:00:00.000Z",
      human: "Friday 2 April 2027, 09:00 CEST",
      seconds: 244_860,
    });
  });

  test("at the release instant the part is out and the next one is named", async () => {
    const result = await runNext({
      posts,
      now: new Date("2027-04-02T07:00:00Z"),
      print: () => {},
    });
    expect([result.released, result.next?.part, result.next?.date]).toEqual([
      2,
      3,
      "2027-04-09T09:00:00+02:00",
    ]);
  });

  test("says so when every part is out; JSON has next: null", async () => {
    const lines: string[] = [];
    await runNext({ posts, now: new Date("2100-01-01T00:00:00Z"), print: (l) => lines.push(l) });
    expect(lines).toEqual(["All 3 parts are out; no release is scheduled."]);
    const json: string[] = [];
    await runNext({
      posts,
      json: true,
      now: new Date("2100-01-01T00:00:00Z"),
      print: (l) => json.push(l),
    });
    expect(JSON.parse(json.join("\n"))).toEqual({
      now: "2100-01-01T00:00:00.000Z",
      timezone: "Europe/Amsterdam",
      released: 3,
      total: 3,
      next: null,
    });
  });

  test("a folder without a lock file is refused with what to do", async () => {
    const empty = await mkdtemp(join(tmpdir(), "serialpress-next-empty-"));
    await expect(runNext({ posts: empty, print: () => {} })).rejects.toThrow(
      new InputError(
        join(empty, "serial.lock.json"),
        undefined,
        "there is no lock file; split a report first (`serialpress split <report>`), or give the posts folder with --posts.",
      ),
    );
  });

  test("the CLI prints JSON for scripts with --json and --posts, at SERIAL_NOW", async () => {
    const { stdout } = await run(
      process.execPath,
      [join(ROOT, "scripts/serialpress.js"), "next", "--posts", posts, "--json"],
      { env: { ...process.env, SERIAL_NOW: "2027-03-25T00:00:00Z" } },
    );
    const parsed = JSON.parse(stdout);
    expect([parsed.released, parsed.next.part, parsed.next.date, parsed.next.seconds]).toEqual([
      0,
      1,
      "2027-03-26T09:00:00+01:00",
      115_200,
    ]);
  });

  test.each([
    [59, "less than a minute"],
    [60, "1 minute"],
    [3 * 86_400 + 7_200 + 59, "3 days, 2 hours"],
  ])("a wait of %i s reads %j", (seconds, text) => {
    expect(waitText(seconds)).toBe(text);
  });
});
