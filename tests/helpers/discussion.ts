import type { SerialLock } from "../../src/posts/lock.js";
import type { DiscussionComment } from "../../src/discussion/types.js";

/** A lock of two parts; "interviews" was renamed from "the-interviews". */
export const LOCK = {
  version: 1,
  report: { file: "r.md", sha256: "" },
  settings: {
    name: "Learning Together",
    start: "2026-10-06",
    every: "week",
    time: "09:00",
    timezone: "Europe/Amsterdam",
  },
  series: { name: "Learning Together", title: "Learning Together", authors: [] },
  parts: [
    {
      id: "summary",
      number: 1,
      slug: "summary",
      guid: "urn:uuid:1",
      title: "Summary",
      date: "2026-10-06T09:00:00+02:00",
      anchors: [],
      opensWithHeading: true,
      words: 100,
      permalink: "/posts/summary/",
      file: "01-summary.md",
      hash: "",
      fileHash: "",
      sections: [{ id: "summary", title: "Summary", level: 1 }],
    },
    {
      id: "method",
      number: 2,
      slug: "method",
      guid: "urn:uuid:2",
      title: "Method",
      date: "2026-10-13T09:00:00+02:00",
      anchors: ["table-1"],
      opensWithHeading: true,
      words: 100,
      permalink: "/posts/method/",
      file: "02-method.md",
      hash: "",
      fileHash: "",
      sections: [
        { id: "method", title: "Method", level: 1 },
        { id: "interviews", title: "Interviews", level: 2, alias: "the-interviews" },
      ],
    },
  ],
} as unknown as SerialLock;

/** A comment on "interviews" in part 2, with fields overridden. */
export const comment = (
  fields: Partial<DiscussionComment> & { id: string },
): DiscussionComment => ({
  source: "public-inbox",
  key: "interviews",
  part: "method",
  author: "Ana Reader",
  date: "2026-10-14T10:00:00.000Z",
  url: `https://lists.example.org/serial/${fields.id.replace(/^mail:/, "")}/`,
  format: "text",
  body: `Comment ${fields.id}`,
  ...fields,
});
