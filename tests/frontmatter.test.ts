import { describe, expect, test } from "@jest/globals";
import matter from "gray-matter";
import { readFrontMatter, writeFrontMatter } from "../src/report/frontmatter.js";
import { InputError } from "../src/errors.js";

// Titles that YAML readers turn into something else unless they are quoted.
const TITLES = [
  'Part 2: "Results" & next steps #3',
  "Fix PR #12 regression",
  "2024-01-05",
  "1.10",
  "null",
  "yes",
  "~",
  "C++ & C#",
  "- a list?",
  "Counter: `{{ count }}`",
  "Café Straße — こんにちは 🎉",
  "key: value",
  "'single' and \"double\"",
];

describe("front matter round trip", () => {
  test.each(TITLES)("title %j reads back exactly with the yaml library", (title) => {
    const text = writeFrontMatter({ title, part: 2 }, "Body\n");
    const back = readFrontMatter(text, "post.md");
    expect(back.data.title).toBe(title);
    expect(back.data.part).toBe(2);
    expect(back.body).toBe("Body\n");
  });

  test.each(TITLES)(
    "title %j reads back exactly with gray-matter (Eleventy's YAML 1.1 reader)",
    (title) => {
      const text = writeFrontMatter({ title, date: "2027-03-30T09:00:00+02:00" }, "Body\n");
      const back = matter(text);
      expect(back.data.title).toBe(title);
      expect(back.data.date).toBe("2027-03-30T09:00:00+02:00");
    },
  );

  test("the body offset counts the front matter lines", () => {
    const back = readFrontMatter("---\ntitle: A\nauthors:\n  - B\n---\n# One\n", "r.md");
    expect(back.bodyOffset).toBe(5);
    expect(back.body).toBe("# One\n");
  });

  test("a file without front matter is all body", () => {
    expect(readFrontMatter("# One\n", "r.md")).toEqual({
      data: {},
      body: "# One\n",
      bodyOffset: 0,
    });
  });

  test("unclosed front matter names the file and line 1", () => {
    expect(() => readFrontMatter("---\ntitle: A\n# One\n", "r.md")).toThrow(
      new InputError(
        "r.md",
        1,
        "front matter opened with `---` is never closed; add a `---` line after it.",
      ),
    );
  });

  test("invalid YAML names the file and the line of the error", () => {
    try {
      readFrontMatter("---\ntitle: A\nseries: [unclosed\n---\nText\n", "r.md");
      throw new Error("no error");
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toMatch(/^r\.md:\d+: front matter is not valid YAML/);
    }
  });
});
