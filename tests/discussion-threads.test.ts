import { describe, expect, test } from "@jest/globals";
import { ThreadIndex, dropAboutParagraph } from "../src/discussion/threads.js";
import { LOCK } from "./helpers/discussion.js";

describe("thread keys from what a comment carries", () => {
  const index = new ThreadIndex(LOCK, "https://serial.example.org");

  test("a section URL gives the section's id and its part", () => {
    expect(index.fromUrl("https://serial.example.org/posts/method/#interviews")).toEqual({
      key: "interviews",
      part: "method",
    });
  });

  test("a renamed heading's old slug leads to the same thread", () => {
    expect(index.fromUrl("https://serial.example.org/posts/method/#the-interviews")).toEqual({
      key: "interviews",
      part: "method",
    });
  });

  test("a part URL without a fragment is the part's thread", () => {
    expect(index.fromUrl("https://serial.example.org/posts/method/")).toEqual({
      key: "part:method",
      part: "method",
    });
  });

  test("a fragment that names no section any more keeps its key and part (an earlier version)", () => {
    expect(index.fromUrl("https://serial.example.org/posts/method/#pilot-study")).toEqual({
      key: "pilot-study",
      part: "method",
    });
  });

  test("another host, or a page that is no part, is no thread", () => {
    expect(index.fromUrl("https://elsewhere.example.org/posts/method/#interviews")).toBeUndefined();
    expect(index.fromUrl("https://serial.example.org/contents/")).toBeUndefined();
  });

  test("the first site URL in a text wins, trailing punctuation aside", () => {
    expect(
      index.fromText(
        "See https://example.com/x and https://serial.example.org/posts/summary/#summary.",
      ),
    ).toEqual({
      key: "summary",
      part: "summary",
    });
  });

  test("a site below a path prefix matches only under it", () => {
    const prefixed = new ThreadIndex(LOCK, "https://owner.github.io/repo");
    expect(prefixed.fromUrl("https://owner.github.io/repo/posts/method/#interviews")).toEqual({
      key: "interviews",
      part: "method",
    });
    expect(prefixed.fromUrl("https://owner.github.io/posts/method/#interviews")).toBeUndefined();
  });

  test("the comment subject, with Re:/AW: prefixes and other spacing, gives the thread", () => {
    expect(index.fromSubject("Re: AW:  [Learning Together] Part 2: Method – Interviews")).toEqual({
      key: "interviews",
      part: "method",
    });
    expect(index.fromSubject("[Learning Together] Part 2: Method")).toEqual({
      key: "part:method",
      part: "method",
    });
    expect(index.fromSubject("Meeting on Friday")).toBeUndefined();
  });

  test("the prefilled About paragraph is dropped from an opening post, other first paragraphs stay", () => {
    expect(
      dropAboutParagraph(
        '<p>About <a href="https://serial.example.org/posts/method/#interviews">https://serial.example.org/posts/method/#interviews</a><br>[Learning Together] Part 2: Method – Interviews</p>\n<p>My point.</p>',
        index,
      ),
    ).toBe("<p>My point.</p>");
    expect(dropAboutParagraph("<p>About time we talked.</p>", index)).toBe(
      "<p>About time we talked.</p>",
    );
  });
});
