import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { createMarkdown } from "../src/report/markdown.js";
import { parseReport } from "../src/report/parse.js";
import { planParts } from "../src/split/plan.js";
import { partTexts } from "../src/split/references.js";
import { verifyLossless } from "../src/split/verify.js";
import { splitReport } from "../src/split/split.js";
import { serialpressMarkdown } from "../src/site/markdown.js";
import { seriesView } from "../src/site/series.js";
import type { SerialLock } from "../src/posts/lock.js";
import { prose, reportFrom, settings } from "./helpers/report.js";

const NOW = new Date("2026-01-01T00:00:00Z");

// Markdown blocks of every kind the splitter must never cut inside.
const word = fc.constantFrom(
  "alpha",
  "beta",
  "gamma",
  "delta",
  "café",
  "Straße",
  "こんにちは",
  "C#",
  "x_y",
  "{{ n }}",
);
const words = (min: number, max: number) =>
  fc.array(word, { minLength: min, maxLength: max }).map((w) => w.join(" "));
const block = fc.oneof(
  words(1, 5).map((t) => `# ${t}`),
  words(1, 5).map((t) => `## ${t}`),
  words(1, 5).map((t) => `### ${t} {#custom-${t.length}}`),
  words(1, 4).map((t) => `${t}\n===`),
  words(1, 4).map((t) => `${t}\n---`),
  words(3, 40),
  words(3, 30).map((t) => `${t} with a note.[^n1]`),
  words(3, 30).map((t) => `${t} see [the spec][spec].`),
  words(3, 30).map((t) => `${t} see [elsewhere](#alpha).`),
  fc
    .array(words(1, 8), { minLength: 1, maxLength: 4 })
    .map((items) => items.map((i) => `- ${i}`).join("\n")),
  fc
    .array(words(1, 8), { minLength: 1, maxLength: 4 })
    .map((items) => items.map((i, n) => `${n + 1}. ${i}\n\n   # not a heading`).join("\n")),
  words(1, 10).map((t) => "```python\n# comment " + t + "\nx = 1\n```"),
  words(1, 10).map((t) => "~~~\n## " + t + "\n~~~"),
  words(1, 6).map((t) => `> ${t}\n>\n> # quoted heading`),
  words(1, 6).map((t) => `| a | b |\n|---|---|\n| ${t} | 1 |`),
  words(1, 6).map((t) => `<div class="box">\n\n# inside html ${t}\n\n</div>`),
  words(1, 6).map((t) => `    # indented code ${t}`),
  fc.constant("[^n1]: The note."),
  fc.constant("[spec]: https://example.org/spec"),
  fc.constant("---"),
);
const documents = fc
  .array(block, { minLength: 1, maxLength: 30 })
  .map((blocks) => `${blocks.join("\n\n")}\n`);

describe("lossless splitting (property)", () => {
  test("every generated report splits into parts that give back every block once, in order", () => {
    fc.assert(
      fc.property(documents, fc.integer({ min: 10, max: 120 }), (markdown, target) => {
        const options = {
          targetWords: target,
          minWords: Math.ceil(target / 2),
          maxWords: target * 2,
        };
        // Built directly: a generated text may open with `---`, which a report file would take for front matter.
        const parsed = parseReport({
          file: "gen.md",
          body: markdown,
          bodyOffset: 0,
          meta: { title: "Report", authors: [], series: {} },
        });
        const { parts } = planParts(parsed, options, "Report");
        const texts = partTexts(parsed, parts);
        expect(verifyLossless(parsed, parts, texts)).toEqual([]);
        // Every heading lands in exactly one part.
        const starts = parts.flatMap((p) =>
          parsed.blocks
            .slice(p.from, p.to)
            .filter((b) => b.heading > 0)
            .map((b) => b.start),
        );
        expect(starts).toEqual(parsed.sections.map((s) => s.start));
        // A part above the maximum is a single block that cannot be cut.
        for (const p of parts) {
          const own = parsed.blocks.slice(p.from, p.to).filter((b) => !b.definition && b.words > 0);
          if (p.words > options.maxWords) expect(own.length).toBeLessThanOrEqual(2);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("--split-level", () => {
  test("cuts before every heading of that level and nowhere else; text before the first joins part 1", () => {
    const md = `Intro.\n\n# A\n\n${prose(10)}\n\n## A.1\n\n${prose(10)}\n\n# B\n\n${prose(200, 50)}\n`;
    const { parts, warnings } = splitReport(
      reportFrom(md),
      settings({ splitLevel: 1, targetWords: 30, minWords: 15, maxWords: 60 }),
      null,
      NOW,
    );
    expect(parts.map((p) => [p.title, p.sections.map((s) => s.id)])).toEqual([
      ["A", ["a", "a1"]],
      ["B", ["b"]],
    ]);
    expect(warnings).toEqual([
      {
        line: 11,
        message:
          'part "B" has 201 words, above the maximum (60), because --split-level 1 cuts only at headings of level 1 or higher',
      },
    ]);
  });
});

describe("part titles", () => {
  test("a heading that is only an image does not title a part; repeated titles name their chapter", () => {
    const md = [
      "# 1. Open Data",
      '## <img src="/icons/target.png" />',
      "### Learning objectives",
      "# 2. Open Code",
      '## <img src="/icons/target.png" />',
      "### Learning objectives",
    ]
      .map((h) => `${h}\n\n${prose(25)}`)
      .join("\n\n");
    const { parts } = splitReport(
      reportFrom(md),
      settings({ targetWords: 50, minWords: 25, maxWords: 60 }),
      null,
      NOW,
    );
    expect(parts.map((p) => p.title)).toEqual([
      "1. Open Data",
      "1. Open Data – Learning objectives",
      "2. Open Code",
      "2. Open Code – Learning objectives",
    ]);
  });
});

describe("ids and slugs", () => {
  test("a heading's {#id} attribute (pandoc, kramdown) gives its id and leaves its title", () => {
    const parsed = parseReport(
      reportFrom("### Checklist before you contribute {#checklist}\n\nText [back](#checklist).\n"),
    );
    expect(parsed.sections.map((s) => [s.id, s.title])).toEqual([
      ["checklist", "Checklist before you contribute"],
    ]);
  });

  test("headings in any script get distinct, non-empty, stable slugs and permalinks", () => {
    const titles = [
      "Summary",
      "Summary",
      "こんにちは",
      "🎉",
      "Кириллица",
      "Café Straße",
      "C++ & C#",
    ];
    const md = titles.map((t) => `# ${t}\n\n${prose(30)}`).join("\n\n");
    const first = splitReport(
      reportFrom(md),
      settings({ every: "day", targetWords: 30, minWords: 15, maxWords: 40 }),
      null,
      NOW,
    );
    const again = splitReport(
      reportFrom(md),
      settings({ every: "day", targetWords: 30, minWords: 15, maxWords: 40 }),
      null,
      NOW,
    );
    expect(first.parts.map((p) => p.slug)).toEqual([
      "summary",
      "summary-1",
      "こんにちは",
      "section",
      "кириллица",
      "café-straße",
      "c--c",
    ]);
    expect(again.parts.map((p) => [p.slug, p.guid])).toEqual(
      first.parts.map((p) => [p.slug, p.guid]),
    );
    expect(new Set(first.parts.map((p) => p.guid)).size).toBe(titles.length);
  });

  test("an explicit HTML anchor keeps its name; a heading with the same text gets the next id", () => {
    const parsed = parseReport(reportFrom('<a id="key-finding"></a>\n\n# Key finding\n'));
    expect(parsed.sections.map((s) => s.id)).toEqual(["key-finding-1"]);
  });
});

describe("links that were broken before the split are reported with their line", () => {
  test("a #fragment that names nothing and a relative link to a missing file", () => {
    const md = `---\ntitle: T\n---\n# Intro\n\nSee [nowhere](#no-such-heading) and [annex](annex.pdf) and [fine](#intro) and [site](/about/).\n`;
    const { warnings } = splitReport(
      reportFrom(md, "/nonexistent/report.md"),
      settings(),
      null,
      NOW,
    );
    expect(warnings).toEqual([
      { line: 6, message: 'link to "#no-such-heading" matches no heading or anchor in the report' },
      { line: 6, message: 'link to "annex.pdf" points at a file that is not next to the report' },
    ]);
  });
});

describe("rendering headings", () => {
  const lock = {
    version: 1,
    report: { file: "r.md", sha256: "" },
    settings: settings(),
    series: { name: "S", title: "S", authors: [] },
    parts: [
      {
        id: "read",
        number: 1,
        slug: "read",
        permalink: "/posts/read/",
        guid: "urn:uuid:1",
        title: "Read the spec first",
        date: "2020-01-01T09:00:00Z",
        file: "read.md",
        sections: [{ id: "read-the-spec-first", title: "Read the spec first", level: 2 }],
        anchors: [],
        opensWithHeading: true,
        words: 5,
        hash: "",
        fileHash: "",
      },
    ],
  } as SerialLock;
  const md = createMarkdown().use(serialpressMarkdown, {
    series: seriesView(lock, NOW),
    site: {
      title: "S",
      url: "https://example.org",
      lang: "en",
      author: { name: "A" },
      comments: { channel: "mailto", address: "l@example.org" },
    },
    mediaBase: "/media/",
  });

  test("a heading holding a link gets its id, and the self-link stands after the text, never around it", () => {
    const html = md.render("## Read [the spec](https://example.org/spec) first\n", { id: "read" });
    expect(html.split("\n")[0]).toBe(
      '<h1 id="read-the-spec-first" tabindex="-1">Read <a href="https://example.org/spec">the spec</a> first <a class="self-link" href="#read-the-spec-first" aria-label="Link to this section: Read the spec first">#</a></h1>',
    );
    expect(html).not.toMatch(/<a [^>]*>[^<]*<a /);
  });
});
