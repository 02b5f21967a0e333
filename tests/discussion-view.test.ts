import { describe, expect, test } from "@jest/globals";
import { discussionView } from "../src/discussion/view.js";
import { seriesView } from "../src/site/series.js";
import type { DiscussionSnapshot } from "../src/discussion/types.js";
import { comment, LOCK } from "./helpers/discussion.js";

const snapshot = (comments: DiscussionSnapshot["comments"]): DiscussionSnapshot => ({
  version: 1,
  channels: {},
  comments,
});
const AFTER_PART_2 = new Date("2026-10-20T00:00:00Z");
const BEFORE_PART_2 = new Date("2026-10-13T06:59:59Z");

describe("the discussion a build shows", () => {
  test("comments thread one level under their section, oldest first, counted per part", () => {
    const view = discussionView(
      snapshot([
        comment({ id: "mail:a", date: "2026-10-14T10:00:00.000Z" }),
        comment({ id: "mail:b", parent: "mail:a", date: "2026-10-14T11:00:00.000Z" }),
        comment({ id: "mail:c", date: "2026-10-15T10:00:00.000Z" }),
        comment({ id: "mail:d", key: "part:method", date: "2026-10-16T10:00:00.000Z" }),
      ]),
      seriesView(LOCK, AFTER_PART_2),
    );
    const threads = view.bySection.get("interviews")!;
    expect(threads.map((t) => [t.comment.id, t.replies.map((r) => r.id)])).toEqual([
      ["mail:a", ["mail:b"]],
      ["mail:c", []],
    ]);
    expect(view.byPart.get("method")!.map((t) => t.comment.id)).toEqual(["mail:d"]);
    expect(view.countByPart.get("method")).toBe(4);
    expect(view.recent.map((c) => c.id)).toEqual(["mail:d", "mail:c", "mail:b", "mail:a"]);
  });

  test("a comment on a part not yet released is nowhere (the release gate)", () => {
    const view = discussionView(
      snapshot([comment({ id: "mail:early" })]),
      seriesView(LOCK, BEFORE_PART_2),
    );
    expect(view.recent).toEqual([]);
    expect(view.bySection.size).toBe(0);
    expect(view.countByPart.size).toBe(0);
  });

  test("a comment on the moderation list is hidden, and its replies stand alone", () => {
    const view = discussionView(
      snapshot([comment({ id: "mail:spam" }), comment({ id: "mail:reply", parent: "mail:spam" })]),
      seriesView(LOCK, AFTER_PART_2),
      ["mail:spam"],
    );
    expect(view.recent.map((c) => c.id)).toEqual(["mail:reply"]);
    expect(view.bySection.get("interviews")!.map((t) => t.comment.id)).toEqual(["mail:reply"]);
  });

  test("a comment on a renamed heading's old id shows under the section", () => {
    const view = discussionView(
      snapshot([comment({ id: "mail:old", key: "the-interviews" })]),
      seriesView(LOCK, AFTER_PART_2),
    );
    expect(view.bySection.get("interviews")!.map((t) => t.comment.id)).toEqual(["mail:old"]);
  });

  test("a comment on a section since removed shows on its part under an earlier version, never dropped", () => {
    const view = discussionView(
      snapshot([comment({ id: "mail:gone", key: "pilot-study" })]),
      seriesView(LOCK, AFTER_PART_2),
    );
    expect(view.earlier.get("method")!.map((t) => [t.comment.id, t.comment.about])).toEqual([
      ["mail:gone", "pilot-study"],
    ]);
    expect(view.countByPart.get("method")).toBe(1);
  });

  test("a section that moved to another part takes its comments along", () => {
    const view = discussionView(
      snapshot([comment({ id: "mail:moved", key: "summary", part: "method" })]),
      seriesView(LOCK, AFTER_PART_2),
    );
    expect(view.bySection.get("summary")!.map((t) => t.comment.shownOn.id)).toEqual(["summary"]);
  });

  test("each comment's page anchor is stable and differs between comments", () => {
    const view = discussionView(
      snapshot([comment({ id: "mail:a" }), comment({ id: "mail:b" })]),
      seriesView(LOCK, AFTER_PART_2),
    );
    const anchors = view.recent.map((c) => c.anchor);
    expect(anchors[0]).toMatch(/^comment-[0-9a-f]{10}$/);
    expect(anchors[0]).not.toBe(anchors[1]);
    expect(
      discussionView(snapshot([comment({ id: "mail:a" })]), seriesView(LOCK, AFTER_PART_2))
        .recent[0]!.anchor,
    ).toBe(view.recent.find((c) => c.id === "mail:a")!.anchor);
  });
});
