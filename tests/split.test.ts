import { describe, expect, test } from "@jest/globals";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadReport } from "../src/report/load.js";
import { parseReport } from "../src/report/parse.js";
import { splitReport } from "../src/split/split.js";
import { countWords } from "../src/report/markdown.js";
import { InputError } from "../src/errors.js";
import { sectionsWithin } from "../src/split/plan.js";
import { prose, reportFrom, settings } from "./helpers/report.js";
import { SAMPLE } from "./helpers/paths.js";

const NOW = new Date("2026-01-01T00:00:00Z");
const small = settings({ targetWords: 30, minWords: 15, maxWords: 60 });

describe("headings as CommonMark sees them", () => {
  test("# lines inside fences, a list item's fence and a ~~~ fence are not headings: two parts, fences intact", () => {
    const fenceA = "```python\n# comment\nx = 1\n# another\n```";
    const listFence = "- item\n\n  ```\n  # not a heading\n  ```";
    const fourTicks = "````\n```\n# inner\n```\n````";
    const tilde = "~~~\n# tilde comment\n~~~";
    const md = `## A\n\n${prose(30)}\n\n${fenceA}\n\n${listFence}\n\n${fourTicks}\n\n${tilde}\n\n## B\n\n${prose(30)}\n`;
    const { parts } = splitReport(reportFrom(md), small, null, NOW);
    expect(parts.map((p) => p.title)).toEqual(["A", "B"]);
    for (const fence of [fenceA, listFence, fourTicks, tilde])
      expect(parts[0]!.body).toContain(fence);
  });

  test("setext headings count; a --- after a blank line is a rule, and a two-line paragraph underlined with --- is one h2", () => {
    const md = `Results\n===\n\n${prose(30)}\n\n---\n\nTwo line\nheading\n---\n\n${prose(30)}\n`;
    const parsed = parseReport(reportFrom(md));
    expect(parsed.sections.map((s) => [s.title, s.level])).toEqual([
      ["Results", 1],
      ["Two line heading", 2],
    ]);
  });

  test("a heading title keeps '#12' and reads dates and numbers as text", () => {
    const parsed = parseReport(
      reportFrom("## Fix PR #12 regression\n\n## 2024-01-05\n\n## 1.10\n\n## null\n"),
    );
    expect(parsed.sections.map((s) => s.title)).toEqual([
      "Fix PR #12 regression",
      "2024-01-05",
      "1.10",
      "null",
    ]);
  });
});

describe("planning", () => {
  test("text before the first heading is kept in part 1", () => {
    const md = `Intro paragraph.\n\n## One\n\n${prose(30)}\n\n## Two\n\n${prose(30)}\n`;
    const { parts } = splitReport(reportFrom(md), small, null, NOW);
    expect(parts[0]!.body.startsWith("Intro paragraph.\n\n## One")).toBe(true);
    expect(parts.map((p) => [p.number, p.title])).toEqual([
      [1, "One"],
      [2, "Two"],
    ]);
  });

  test("short neighbouring sections merge into one part", () => {
    const md = ["# Annex A", "# Annex B", "# Annex C"]
      .map((h) => `${h}\n\n${prose(8)}`)
      .join("\n\n");
    const { parts } = splitReport(reportFrom(md), small, null, NOW);
    expect(parts).toHaveLength(1);
    expect(parts[0]!.sections.map((s) => s.id)).toEqual(["annex-a", "annex-b", "annex-c"]);
  });

  test("a long section without sub-headings is cut between paragraphs, the later part titled '(continued)'", () => {
    const md = `# Long\n\n${prose(120, 20)}\n`;
    const { parts } = splitReport(reportFrom(md), small, null, NOW);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts[0]!.title).toBe("Long");
    expect(parts.slice(1).map((p) => p.title)).toEqual(
      parts.slice(1).map(() => "Long (continued)"),
    );
    expect(parts.every((p) => p.words <= 60)).toBe(true);
  });

  test("words of all parts add up to the report's", () => {
    const md = `Intro.\n\n# A\n\n${prose(70, 20)}\n\n## A.1\n\n${prose(50)}\n\n# B\n\n${prose(10)}\n`;
    const result = splitReport(reportFrom(md), small, null, NOW);
    expect(result.words).toBe(countWords(md));
    expect(result.parts.reduce((n, p) => n + p.words, 0)).toBe(countWords(md));
  });

  test("parts get consecutive weekly dates with their offset", () => {
    const md = `# A\n\n${prose(30)}\n\n# B\n\n${prose(30)}\n\n# C\n\n${prose(30)}\n`;
    const { parts } = splitReport(reportFrom(md), small, null, NOW);
    expect(parts.map((p) => p.date)).toEqual([
      "2027-01-05T09:00:00+01:00",
      "2027-01-12T09:00:00+01:00",
      "2027-01-19T09:00:00+01:00",
    ]);
  });
});

describe("sections of a line range", () => {
  test("sectionsWithin gives the headings in [from, to), in order, and none for an empty range", () => {
    const at = (start: number) => ({
      id: `s${start}`,
      title: "",
      level: 2,
      start,
      end: 0,
      words: 0,
    });
    const sections = [at(0), at(4), at(9), at(15)];
    const ids = (from: number, to: number) => sectionsWithin(sections, from, to).map((s) => s.id);
    expect(ids(0, 100)).toEqual(["s0", "s4", "s9", "s15"]);
    expect(ids(4, 15)).toEqual(["s4", "s9"]);
    expect(ids(5, 9)).toEqual([]);
    expect(ids(16, 20)).toEqual([]);
  });
});

describe("references travel with the text that uses them", () => {
  test("[^1] used in A and [^2] in B, both defined at the end: each part carries its own note", () => {
    const md = `# A\n\n${prose(30)} note one.[^1]\n\n# B\n\n${prose(30)} note two.[^2]\n\n[^1]: First note.\n\n[^2]: Second note.\n`;
    const { parts } = splitReport(reportFrom(md), small, null, NOW);
    expect(parts).toHaveLength(2);
    expect(parts[0]!.body).toContain("[^1]: First note.");
    expect(parts[0]!.body).not.toContain("[^2]:");
    expect(parts[1]!.body).toContain("[^2]: Second note.");
    expect(parts[1]!.body).not.toContain("[^1]:");
  });

  test("a reference-style link in A defined at the end of the file works in A's post", () => {
    const md = `# A\n\n${prose(30)} See [the spec][1].\n\n# B\n\n${prose(30)}\n\n[1]: https://example.org/spec\n`;
    const { parts } = splitReport(reportFrom(md), small, null, NOW);
    expect(parts[0]!.body.endsWith("See [the spec][1].\n\n[1]: https://example.org/spec\n")).toBe(
      true,
    );
    expect(parts[1]!.body).not.toContain("[1]:");
  });

  test("a definition used by two parts goes to both; an unused one stays where it was", () => {
    const md = `# A\n\n${prose(30)} [x][shared]\n\n# B\n\n${prose(30)} [y][shared]\n\n[shared]: https://example.org/s\n[unused]: https://example.org/u\n`;
    const { parts } = splitReport(reportFrom(md), small, null, NOW);
    expect(parts[0]!.body).toContain("[shared]: https://example.org/s");
    expect(parts[1]!.body).toContain("[shared]: https://example.org/s");
    expect(parts.filter((p) => p.body.includes("[unused]: https://example.org/u"))).toHaveLength(1);
  });

  test("a link label matches as CommonMark says, across case, a line break and ß: [Straße\\n report] uses [STRASSE REPORT]:", () => {
    const md = `# A\n\n${prose(30)} See [the [Straße\n report]].\n\n# B\n\n${prose(30)}\n\n[STRASSE REPORT]: https://example.org/r\n`;
    const { parts } = splitReport(reportFrom(md), small, null, NOW);
    expect(parts[0]!.body.endsWith("[STRASSE REPORT]: https://example.org/r\n")).toBe(true);
    expect(parts[1]!.body).not.toContain("[STRASSE REPORT]:");
  });

  test("a label inside a code span is no use; a footnote cited only by another footnote travels with it", () => {
    const md = `# A\n\n${prose(30)} Note.[^outer]\n\n# B\n\n${prose(30)} \`[x][site]\` is code.\n\n[site]: https://example.org/s\n\n[^outer]: See also.[^inner]\n\n[^inner]: Inner note.\n`;
    const { parts } = splitReport(reportFrom(md), small, null, NOW);
    expect(parts[0]!.body.endsWith("[^outer]: See also.[^inner]\n\n[^inner]: Inner note.\n")).toBe(
      true,
    );
    expect(parts[1]!.body).not.toContain("[^inner]:");
    // Used by no part, the link definition stays where it was written (in B).
    expect(parts.map((p) => p.body.includes("[site]: https://example.org/s"))).toEqual([
      false,
      true,
    ]);
  });

  test("explicit HTML anchors are recorded on the part that holds them", () => {
    const md = `# A\n\n${prose(30)}\n\n# B\n\n<a id="key-finding"></a>${prose(30)}\n`;
    const { parts } = splitReport(reportFrom(md), small, null, NOW);
    expect(parts.map((p) => p.anchors)).toEqual([[], ["key-finding"]]);
  });
});

describe("the bundled sample report", () => {
  test("splits into parts that hold every footnote they cite and keep the report's order", async () => {
    const report = await loadReport(SAMPLE);
    const result = splitReport(report, settings(), null, NOW);
    expect(result.parts.length).toBeGreaterThanOrEqual(8);
    expect(result.warnings).toEqual([]);
    for (const part of result.parts) {
      const cited = new Set([...part.body.matchAll(/\[\^([^\]\s]+)\](?!:)/g)].map((m) => m[1]));
      const defined = new Set([...part.body.matchAll(/^\[\^([^\]\s]+)\]:/gm)].map((m) => m[1]));
      expect([...cited].sort()).toEqual([...defined].sort());
      expect(part.words).toBeGreaterThan(0);
    }
    expect(result.parts.map((p) => p.number)).toEqual(result.parts.map((_, i) => i + 1));
  });
});

describe("bad input", () => {
  test("an OpenDocument file is refused with what to do", async () => {
    await expect(loadReport("report.odt")).rejects.toThrow(
      new InputError(
        "report.odt",
        undefined,
        "cannot read .odt: serialpress reads Markdown (.md, .markdown, .txt), Word (.docx) and HTML (.html, .htm) reports. Convert the report to one of those first (e.g. `pandoc report.odt -o report.docx`, or save it from Word as .docx; a PDF has lost its structure: export the source document instead).",
      ),
    );
  });

  test("a Latin-1 file is refused, naming the line of the first bad byte, not split with replacement characters", async () => {
    const dir = await mkdtemp(join(tmpdir(), "serialpress-enc-"));
    const file = join(dir, "latin1.md");
    await writeFile(file, Buffer.from("# Report\n\nPlain line.\n\nCaf\xe9 society.\n", "latin1"));
    await expect(loadReport(file)).rejects.toThrow(
      new InputError(
        file,
        5,
        "the file is not UTF-8 text (it may be Latin-1 or Windows-1252); save it as UTF-8 and split again.",
      ),
    );
  });

  test("a UTF-16 file is refused", async () => {
    const dir = await mkdtemp(join(tmpdir(), "serialpress-enc-"));
    const file = join(dir, "utf16.md");
    await writeFile(
      file,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("# Report\n", "utf16le")]),
    );
    await expect(loadReport(file)).rejects.toThrow(
      new InputError(
        file,
        1,
        "the file is UTF-16 text; save it as UTF-8 (in most editors: Save As… › Encoding: UTF-8).",
      ),
    );
  });
});

describe("part slugs name files", () => {
  test("a very long heading gives a slug of at most 60 characters, cut at a hyphen, with no leading hyphen", () => {
    const long = `# ${"中".repeat(95)}\n\n${prose(30)}\n\n# - starts with a dash\n\n${prose(30)}\n\n# ${"word ".repeat(30)}\n\n${prose(30)}\n`;
    const { parts } = splitReport(reportFrom(long), small, null, NOW);
    expect(parts.map((p) => p.slug)).toEqual([
      "中".repeat(60),
      "starts-with-a-dash",
      Array(12).fill("word").join("-"),
    ]);
  });

  test("a heading is never a part alone: a section of one huge paragraph keeps its heading", () => {
    const md = `# Giant\n\n${prose(300, 300)}\n\n# After\n\n${prose(30)}\n`;
    const { parts, warnings } = splitReport(reportFrom(md), small, null, NOW);
    expect(parts.map((p) => [p.title, p.words])).toEqual([
      ["Giant", 301],
      ["After", 31],
    ]);
    expect(warnings).toEqual([
      {
        line: 3,
        message:
          "a block of 300 words cannot be cut and is larger than the maximum part size (60 words)",
      },
    ]);
  });
});
