import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runSplit } from "../src/commands/split.js";
import { ConflictError } from "../src/errors.js";
import type { SerialLock } from "../src/posts/lock.js";
import { listFiles } from "./helpers/site.js";
import { prose } from "./helpers/report.js";

// A series of six chapters, one part each, weekly from Tuesday 5 January 2027
// at 09:00 Amsterdam; the edits happen on 20 January, when parts 1-3 are out.
const NOW = "2027-01-20T12:00:00+01:00";
const chapter = (title: string, seed: string) => `# ${title}\n\n${prose(30, 30, seed)}`;
const FRONT = `---\ntitle: Revisions\nseries:\n  start: 2027-01-05\n  timezone: Europe/Amsterdam\n  targetWords: 30\n  minWords: 15\n  maxWords: 45\n---\n`;
const base = ["A", "B", "C", "D", "E", "F"].map((t) => chapter(t, t.toLowerCase()));

let dir: string;
let report: string;
let out: string;
const quiet = () => {};
const saved = process.env.SERIAL_NOW;
beforeAll(async () => {
  process.env.SERIAL_NOW = NOW;
  dir = await mkdtemp(join(tmpdir(), "serialpress-revisions-"));
  report = join(dir, "report.md");
  out = join(dir, "posts");
});
afterAll(() => {
  if (saved === undefined) delete process.env.SERIAL_NOW;
  else process.env.SERIAL_NOW = saved;
});

const lock = async () =>
  JSON.parse(await readFile(join(out, "serial.lock.json"), "utf8")) as SerialLock;
const split = async (chapters: string[], extra: { withdraw?: string[] } = {}) => {
  await writeFile(report, `${FRONT}${chapters.join("\n\n")}\n`);
  return runSplit({ report, out, settings: {}, print: quiet, ...extra });
};
const identity = (l: SerialLock, ids: string[]) =>
  l.parts
    .filter((p) => ids.includes(p.id))
    .map(({ id, permalink, guid, date }) => ({ id, permalink, guid, date }));
const RELEASED = ["a", "b", "c"];

describe("a series that survives edits", () => {
  let first: SerialLock;

  test("the first split schedules six weekly parts; three are out on 20 January", async () => {
    await split(base);
    first = await lock();
    expect(first.parts.map((p) => [p.id, p.number, p.date])).toEqual([
      ["a", 1, "2027-01-05T09:00:00+01:00"],
      ["b", 2, "2027-01-12T09:00:00+01:00"],
      ["c", 3, "2027-01-19T09:00:00+01:00"],
      ["d", 4, "2027-01-26T09:00:00+01:00"],
      ["e", 5, "2027-02-02T09:00:00+01:00"],
      ["f", 6, "2027-02-09T09:00:00+01:00"],
    ]);
  });

  test("fixing a typo in a released part keeps its identity and marks it updated, and only it", async () => {
    const edited = [...base];
    edited[1] = edited[1]!.replace("b1 ", "b-one ");
    const result = await split(edited);
    const now = await lock();
    expect(identity(now, RELEASED)).toEqual(identity(first, RELEASED));
    expect(now.parts.map((p) => [p.id, p.updated ?? null])).toEqual([
      ["a", null],
      ["b", "2027-01-20T12:00:00+01:00"],
      ["c", null],
      ["d", null],
      ["e", null],
      ["f", null],
    ]);
    expect(result.parts.map((p) => p.status)).toEqual([
      "unchanged",
      "changed",
      "unchanged",
      "unchanged",
      "unchanged",
      "unchanged",
    ]);
    expect(await readFile(join(out, "b.md"), "utf8")).toContain(
      'updated: "2027-01-20T12:00:00+01:00"',
    );
    base[1] = edited[1]!;
  });

  test("renaming a released heading keeps the part's id, permalink, GUID, date and the section's id", async () => {
    const edited = [...base];
    edited[2] = edited[2]!.replace("# C", "# C, renamed");
    await split(edited);
    const now = await lock();
    expect(identity(now, RELEASED)).toEqual(identity(first, RELEASED));
    const c = now.parts.find((p) => p.id === "c")!;
    expect([c.title, c.sections.map((s) => [s.id, s.title, s.alias])]).toEqual([
      "C, renamed",
      [["c", "C, renamed", "c-renamed"]],
    ]);
    expect(c.updated).toBe("2027-01-20T12:00:00+01:00");
    base[2] = edited[2]!;
  });

  test("a section inserted between released parts becomes a new part after the last released one", async () => {
    base.splice(2, 0, chapter("N", "n"));
    await split(base);
    const now = await lock();
    expect(identity(now, RELEASED)).toEqual(identity(first, RELEASED));
    expect(now.parts.map((p) => [p.id, p.number, p.date])).toEqual([
      ["a", 1, "2027-01-05T09:00:00+01:00"],
      ["b", 2, "2027-01-12T09:00:00+01:00"],
      ["n", 4, "2027-01-26T09:00:00+01:00"],
      ["c", 3, "2027-01-19T09:00:00+01:00"],
      ["d", 5, "2027-02-02T09:00:00+01:00"],
      ["e", 6, "2027-02-09T09:00:00+01:00"],
      ["f", 7, "2027-02-16T09:00:00+01:00"],
    ]);
    // Unreleased parts keep their ids and GUIDs, with new dates.
    expect(identity(now, ["d", "e", "f"]).map((p) => p.guid)).toEqual(
      identity(first, ["d", "e", "f"]).map((p) => p.guid),
    );
  });

  test("an appended chapter is scheduled after everything else", async () => {
    base.push(chapter("G", "g"));
    await split(base);
    const now = await lock();
    expect(now.parts.at(-1)).toMatchObject({
      id: "g",
      number: 8,
      date: "2027-02-23T09:00:00+01:00",
    });
    expect(identity(now, RELEASED)).toEqual(identity(first, RELEASED));
  });

  test("moving an unreleased section re-plans the upcoming parts only", async () => {
    const [d] = base.splice(4, 1);
    base.splice(5, 0, d!);
    await split(base);
    const now = await lock();
    expect(identity(now, RELEASED)).toEqual(identity(first, RELEASED));
    expect(now.parts.map((p) => p.id)).toEqual(["a", "b", "n", "c", "e", "d", "f", "g"]);
    expect(
      now.parts
        .filter((p) => !RELEASED.includes(p.id))
        .every((p) => Date.parse(p.date) > Date.parse(NOW)),
    ).toBe(true);
  });

  test("deleting a released section is refused with what to do, and nothing is written", async () => {
    const before = await Promise.all(
      (await listFiles(out)).map(async (f) => [f, await readFile(join(out, f), "utf8")]),
    );
    const without = base.filter((c) => !c.startsWith("# B"));
    await expect(split(without)).rejects.toThrow(
      new ConflictError(
        'part 2 "B" (/posts/b/, released 2027-01-12T09:00:00+01:00) has no text left in the report.\n' +
          "Released parts are never dropped silently: restore the text in the report, or split again with --withdraw b to keep its page with a note that it was withdrawn. Nothing was written.",
      ),
    );
    const after = await Promise.all(
      (await listFiles(out)).map(async (f) => [f, await readFile(join(out, f), "utf8")]),
    );
    expect(after).toEqual(before);
  });

  test("with --withdraw the deleted part keeps its page, permalink, GUID and text, marked withdrawn", async () => {
    const bodyBefore = (await readFile(join(out, "b.md"), "utf8"))
      .split("---\n")
      .slice(2)
      .join("---\n");
    await split(
      base.filter((c) => !c.startsWith("# B")),
      { withdraw: ["b"] },
    );
    const now = await lock();
    expect(identity(now, RELEASED)).toEqual(identity(first, RELEASED));
    const b = now.parts.find((p) => p.id === "b")!;
    expect(b.withdrawn).toBe("2027-01-20T12:00:00+01:00");
    const post = await readFile(join(out, "b.md"), "utf8");
    expect(post).toContain('withdrawn: "2027-01-20T12:00:00+01:00"');
    expect(post.endsWith(bodyBefore)).toBe(true);
  });

  test("splitting the same report again writes nothing and keeps every byte", async () => {
    const before = await Promise.all(
      (await listFiles(out)).map(async (f) => [f, await readFile(join(out, f), "utf8")]),
    );
    const result = await split(
      base.filter((c) => !c.startsWith("# B")),
      { withdraw: ["b"] },
    );
    expect(result.written).toEqual([]);
    const after = await Promise.all(
      (await listFiles(out)).map(async (f) => [f, await readFile(join(out, f), "utf8")]),
    );
    expect(after).toEqual(before);
  });

  test("restoring a withdrawn part's text brings the part back, with its page and GUID, not a copy", async () => {
    const result = await split(base);
    const now = await lock();
    const b = now.parts.filter((p) => p.title === "B");
    expect(b.map((p) => [p.id, p.withdrawn ?? null, p.guid])).toEqual([
      ["b", null, identity(first, ["b"])[0]!.guid],
    ]);
    expect(identity(now, RELEASED)).toEqual(identity(first, RELEASED));
    expect(result.parts.filter((p) => p.slug.startsWith("b-"))).toEqual([]);
  });
});
