import { describe, expect, test } from "@jest/globals";
import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT, SAMPLE } from "./helpers/paths.js";
import { prose } from "./helpers/report.js";

const execAsync = promisify(execFile);
const BIN = join(ROOT, "scripts/serialpress.js");

/** Runs the real `serialpress` command; never throws, returns exit code and output. */
async function serialpress(args: string[], env: Record<string, string> = {}, cwd = ROOT) {
  try {
    const { stdout, stderr } = await execAsync(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, DEBUG: "", ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("serialpress --help", () => {
  test("lists every command", async () => {
    const { code, stdout } = await serialpress(["--help"]);
    expect(code).toBe(0);
    for (const command of [
      "split",
      "plan",
      "status",
      "next",
      "build",
      "serve",
      "convert",
      "discussion",
    ])
      expect(stdout).toMatch(new RegExp(`^  ${command} `, "m"));
  });

  test("mail --help lists its options", async () => {
    const { code, stdout } = await serialpress(["mail", "--help"]);
    expect(code).toBe(0);
    const text = stdout.replace(/\s+/g, " ");
    for (const option of [
      'folder of serial.lock.json and mail.json (the send record) (default: "posts")',
      "--dry-run",
      "--preview <n>",
      "--out <dir>",
      "--resend <n>",
      "--mark-sent <n>",
    ])
      expect(text).toContain(option);
  });

  test("discussion fetch --help lists its options with their defaults", async () => {
    const { code, stdout } = await serialpress(["discussion", "fetch", "--help"]);
    expect(code).toBe(0);
    const text = stdout.replace(/\s+/g, " ");
    for (const option of [
      'folder of serial.lock.json and discussion.json (default: "posts")',
      'site settings file (default: "_data/site.json")',
      "--snapshot <file>",
      "longest wait for the channel (default: 60)",
      "--json",
    ])
      expect(text).toContain(option);
  });

  test("split --help lists every option with its default", async () => {
    const { stdout } = await serialpress(["split", "--help"]);
    for (const option of [
      "--out <dir>",
      "--target-words <n>",
      "--min-words <n>",
      "--max-words <n>",
      "--split-level <n>",
      "--start <date>",
      "--every <cadence>",
      "--time <HH:MM>",
      "--tz <zone>",
      "--name <name>",
      "--force",
      "--withdraw <id...>",
      "--dry-run",
      "--quiet",
      "--json",
    ]) {
      expect(stdout).toContain(option);
    }
    // Help text wraps to the terminal's width: compare with spaces folded.
    const text = stdout.replace(/\s+/g, " ");
    expect(text).toContain('folder for the posts and serial.lock.json (default: "posts")');
    for (const d of ["(default 800)", "(default week)", "(default 09:00)", "(default UTC)"]) {
      expect(text).toContain(d);
    }
    for (const option of ["--skip <dates>", "--skip-file <file>"]) expect(stdout).toContain(option);
  });
});

describe("errors name the file, line or setting and what to do, with no stack trace", () => {
  test.each([
    [["plan", "missing.md"], /^serialpress: missing\.md: cannot read the report: ENOENT/],
    [
      ["plan", "report.pdf"],
      /^serialpress: report\.pdf: cannot read \.pdf: serialpress reads Markdown \(\.md, \.markdown, \.txt\), Word \(\.docx\) and HTML/,
    ],
    [
      ["plan", SAMPLE, "--tz", "Mars/Base"],
      /^serialpress: --tz: time zone "Mars\/Base" is not an IANA zone name; use one like Europe\/Amsterdam/,
    ],
    [
      ["plan", SAMPLE, "--time", "25:00"],
      /^serialpress: --time: publish time "25:00" is not a time; use HH:MM/,
    ],
    [
      ["plan", SAMPLE, "--every", "fortnightly"],
      /^serialpress: --every: cadence "fortnightly" is not understood; use `day`/,
    ],
    [
      ["plan", SAMPLE, "--target-words", "lots"],
      /error: option '--target-words <n>' argument 'lots' is invalid\. --target-words must be a whole number above 0\./,
    ],
    [
      ["plan", SAMPLE, "--split-level", "9"],
      /^serialpress: --split-level: splitLevel must be a heading level from 1 to 6, not "9"\./,
    ],
    [
      ["status", "--out", "no-such-folder"],
      /^serialpress: no-such-folder\/serial\.lock\.json does not exist: split a report first/,
    ],
  ])("serialpress %j", async (args, message) => {
    const { code, stderr } = await serialpress(args as string[]);
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  test("a bad setting in the front matter names the report and the field (issue 16)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "serialpress-cli-"));
    const report = join(dir, "r.md");
    await writeFile(report, "---\ntitle: T\nseries:\n  timezone: Mars/Base\n---\n# A\n\ntext\n");
    const { code, stderr } = await serialpress(["plan", report]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `serialpress: ${report}: series.timezone: time zone "Mars/Base" is not an IANA zone name; use one like Europe/Amsterdam, Africa/Nairobi or UTC.\n`,
    );
    await writeFile(report, "---\ntitle: T\nseries:\n  targetWords: lots\n---\n# A\n\ntext\n");
    expect((await serialpress(["plan", report])).stderr).toBe(
      `serialpress: ${report}: series.targetWords: targetWords must be a whole number of words above 0, not "lots".\n`,
    );
  });

  test("bad front matter names the report's line", async () => {
    const dir = await mkdtemp(join(tmpdir(), "serialpress-cli-"));
    await writeFile(join(dir, "r.md"), "---\ntitle: T\nseries: [open\n---\n# A\n");
    const { code, stderr } = await serialpress(["plan", join(dir, "r.md")]);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      new RegExp(`^serialpress: ${join(dir, "r.md")}:\\d+: front matter is not valid YAML`),
    );
  });

  test("--debug (or DEBUG=serialpress*) adds the stack trace", async () => {
    const { stderr } = await serialpress(["plan", "missing.md", "--debug"]);
    expect(stderr).toMatch(/^\s+at /m);
    const viaEnv = await serialpress(["plan", "missing.md"], { DEBUG: "serialpress*" });
    expect(viaEnv.stderr).toMatch(/^\s+at /m);
  });
});

describe("--json for scripts", () => {
  test("plan --json gives the parts with number, id, title, permalink, date, words, status and sections", async () => {
    const dir = await mkdtemp(join(tmpdir(), "serialpress-cli-"));
    await writeFile(
      join(dir, "r.md"),
      `---\ntitle: J\nseries:\n  start: 2027-01-05\n  targetWords: 30\n  minWords: 15\n  maxWords: 45\n---\n# One\n\n${prose(30)}\n\n# Two\n\n${prose(30)}\n`,
    );
    const { code, stdout } = await serialpress(["plan", "r.md", "--json"], {}, dir);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      series: "J",
      words: 62,
      parts: [
        {
          number: 1,
          id: "one",
          title: "One",
          permalink: "/posts/one/",
          date: "2027-01-05T09:00:00Z",
          words: 31,
          status: "new",
          previousDate: null,
          sections: ["one"],
        },
        {
          number: 2,
          id: "two",
          title: "Two",
          permalink: "/posts/two/",
          date: "2027-01-12T09:00:00Z",
          words: 31,
          status: "new",
          previousDate: null,
          sections: ["two"],
        },
      ],
      warnings: [],
      written: [],
    });
  });

  test("status --json gives each part's state and the next release", async () => {
    const dir = await mkdtemp(join(tmpdir(), "serialpress-cli-"));
    await writeFile(
      join(dir, "r.md"),
      `---\ntitle: J\nseries:\n  start: 2027-01-05\n  targetWords: 30\n  minWords: 15\n  maxWords: 45\n---\n# One\n\n${prose(30)}\n\n# Two\n\n${prose(30)}\n`,
    );
    await serialpress(["split", "r.md", "--quiet"], {}, dir);
    const { stdout } = await serialpress(
      ["status", "--json"],
      { SERIAL_NOW: "2027-01-06T00:00:00Z" },
      dir,
    );
    const status = JSON.parse(stdout);
    expect(status.parts.map((p: { id: string; state: string }) => [p.id, p.state])).toEqual([
      ["one", "released"],
      ["two", "upcoming"],
    ]);
    expect(status.next).toEqual({
      number: 2,
      title: "Two",
      date: "2027-01-12T09:00:00Z",
      human: "Tuesday 12 January 2027, 09:00 UTC",
    });
  });
});
