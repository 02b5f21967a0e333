import { describe, expect, test } from "@jest/globals";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  emptySnapshot,
  mergeComments,
  readSnapshotSync,
  recordFailure,
  writeSnapshot,
} from "../src/discussion/snapshot.js";
import { comment } from "./helpers/discussion.js";

describe("the discussion snapshot", () => {
  test("a fetch adds new comments, replaces refetched ones and drops none", () => {
    const before = mergeComments(
      emptySnapshot(),
      "public-inbox",
      [
        comment({ id: "mail:a", body: "first" }),
        comment({ id: "mail:b", date: "2026-10-15T00:00:00.000Z" }),
      ],
      "2026-10-20T00:00:00.000Z",
    );
    const after = mergeComments(
      before,
      "public-inbox",
      [comment({ id: "mail:a", body: "edited" })],
      "2026-10-21T00:00:00.000Z",
    );
    expect(after.comments.map((c) => [c.id, c.body])).toEqual([
      ["mail:a", "edited"],
      ["mail:b", "Comment mail:b"],
    ]);
    expect(after.channels["public-inbox"]).toEqual({
      attempted: "2026-10-21T00:00:00.000Z",
      fetched: "2026-10-21T00:00:00.000Z",
    });
  });

  test("a failed fetch keeps every comment and the last successful time, and records the error", () => {
    const ok = mergeComments(
      emptySnapshot(),
      "discourse",
      [comment({ id: "discourse:1", source: "discourse" })],
      "2026-10-20T00:00:00.000Z",
    );
    const failed = recordFailure(ok, "discourse", "HTTP 503", "2026-10-21T00:00:00.000Z");
    expect(failed.comments).toEqual(ok.comments);
    expect(failed.channels.discourse).toEqual({
      attempted: "2026-10-21T00:00:00.000Z",
      fetched: "2026-10-20T00:00:00.000Z",
      error: "HTTP 503",
    });
  });

  test("it is written atomically and reads back as written; a missing file is an empty snapshot", async () => {
    const dir = await mkdtemp(join(tmpdir(), "serialpress-snapshot-"));
    const path = join(dir, "discussion.json");
    expect(readSnapshotSync(path)).toEqual(emptySnapshot());
    const snap = mergeComments(
      emptySnapshot(),
      "public-inbox",
      [comment({ id: "mail:a" })],
      "2026-10-20T00:00:00.000Z",
    );
    await writeSnapshot(path, snap);
    expect(readSnapshotSync(path)).toEqual(snap);
    expect(await readdir(dir)).toEqual(["discussion.json"]);
  });

  test("a broken snapshot stops the build with the file and what to do", async () => {
    const dir = await mkdtemp(join(tmpdir(), "serialpress-snapshot-"));
    const path = join(dir, "discussion.json");
    await writeFile(path, '{"version": 1, "channels": {}, "comments": [{"id": "x"}]}');
    expect(() => readSnapshotSync(path)).toThrow(
      `${path}: not a discussion snapshot of version 1: /comments/0 must have required property 'source'; restore it from version control, or delete it and run \`serialpress discussion fetch\`.`,
    );
    await writeFile(path, "{");
    expect(() => readSnapshotSync(path)).toThrow(
      /discussion\.json: the discussion snapshot is not valid JSON/,
    );
    expect(await readFile(path, "utf8")).toBe("{");
  });
});
