import { describe, expect, test } from "@jest/globals";
import { SlugRegistry, slugify } from "../src/slug.js";

describe("slugify", () => {
  test.each([
    ["Method", "method"],
    ["Annex A: Interview questions", "annex-a-interview-questions"],
    ["The facilitators' role", "the-facilitators-role"],
    ["Fix PR #12 regression", "fix-pr-12-regression"],
    ["Café Straße", "café-straße"],
    ["Кириллица", "кириллица"],
    ["こんにちは", "こんにちは"],
    ["C++ & C#", "c--c"],
    ["🎉", "section"],
    ["", "section"],
  ])("%j → %j", (text, slug) => {
    expect(slugify(text)).toBe(slug);
  });

  test("repeated headings get GitHub-style numbers, in order", () => {
    const slugs = new SlugRegistry();
    expect(["Summary", "Summary", "🎉", "🎉", "Summary"].map((t) => slugs.next(t))).toEqual([
      "summary",
      "summary-1",
      "section",
      "section-1",
      "summary-2",
    ]);
  });
});
