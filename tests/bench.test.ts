import { describe, expect, test } from "@jest/globals";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { renameHeadings, scaleReport } from "../bench/generate.js";
import {
  BASELINE_LAYOUT,
  buildSite,
  makeOneLineLayoutSite,
  makeSerialSite,
} from "../bench/sites.js";
import { mapToSources, summarizeProfile } from "../bench/profile.js";
import { runSplit } from "../src/commands/split.js";
import { readFrontMatter } from "../src/report/frontmatter.js";
import { parseReport } from "../src/report/parse.js";
import { slugify } from "../src/slug.js";
import { listFiles } from "./helpers/site.js";
import { CORPUS, HAVE_CORPUS, ROOT } from "./helpers/paths.js";

// The benchmark's inputs (npm run bench): a report repeated N times with
// renamed headings. No timing here: only that the inputs are what they claim.

const parsed = (text: string) => {
  const { data, body, bodyOffset } = readFrontMatter(text, "scaled.md");
  return {
    data,
    report: parseReport({
      file: "scaled.md",
      body,
      bodyOffset,
      meta: { title: "", authors: [], series: {} },
    }),
  };
};

describe("benchmark report generator", () => {
  test("renames ATX (closing #s dropped), empty, quoted and setext headings, never a # line in a fence", () => {
    const body = "# A #\n\n##\n\n```\n# code\n```\n\n> ### Q\n\nTwo line\nheading\n---\n\ntext\n";
    expect(renameHeadings(body, "(copy 2)")).toBe(
      "# A (copy 2)\n\n## (copy 2)\n\n```\n# code\n```\n\n> ### Q (copy 2)\n\nTwo line\nheading (copy 2)\n---\n\ntext\n",
    );
  });

  test("three copies: front matter, copy 1 as written, copies 2 and 3 with suffixed headings", () => {
    const text = scaleReport("# Intro\n\nHello.\n\n## Detail\n\nMore.", 3, "Small ×3");
    expect(text).toBe(
      [
        "---",
        'title: "Small ×3"',
        "series:",
        '  name: "Small ×3"',
        '  start: "2027-01-05"',
        "  every: week",
        '  time: "09:00"',
        "  timezone: UTC",
        "---",
        "# Intro\n\nHello.\n\n## Detail\n\nMore.\n",
        "# Intro (copy 2)\n\nHello.\n\n## Detail (copy 2)\n\nMore.\n",
        "# Intro (copy 3)\n\nHello.\n\n## Detail (copy 3)\n\nMore.\n",
      ].join("\n"),
    );
    const { data, report } = parsed(text);
    expect(data.title).toBe("Small ×3");
    expect(report.sections.map((s) => s.id)).toEqual([
      "intro",
      "detail",
      "intro-copy-2",
      "detail-copy-2",
      "intro-copy-3",
      "detail-copy-3",
    ]);
  });

  test("copies must be a positive whole number", () => {
    expect(() => scaleReport("# A\n", 0, "x")).toThrow(RangeError);
    expect(() => scaleReport("# A\n", 1.5, "x")).toThrow(
      "copies must be a positive integer, got 1.5",
    );
  });

  (HAVE_CORPUS ? test : test.skip)(
    "16x the handbook: 16 times its bytes plus the suffixes, 16 times its headings, no heading text shared between copies",
    async () => {
      const body = await readFile(
        join(CORPUS, "osth-open-science-training-handbook-en.md"),
        "utf8",
      );
      const text = scaleReport(body, 16, "osth ×16");
      const one = parsed(scaleReport(body, 1, "osth ×16")).report;
      const { report } = parsed(text);
      const headings = one.sections.length;
      expect(headings).toBeGreaterThan(400);
      expect(report.sections).toHaveLength(16 * headings);

      // Renaming drops a heading line's trailing blanks: the handbook has a few.
      const lines = body.split("\n");
      const trailing = one.sections
        .map((h) => lines[h.start]!)
        .reduce((n, line) => n + line.length - line.trimEnd().length, 0);
      const frontMatter = text.slice(0, text.indexOf("---\n", 4) + 4);
      let suffixBytes = 0;
      for (let k = 2; k <= 16; k++) suffixBytes += headings * Buffer.byteLength(` (copy ${k})`);
      const bodyBytes = Buffer.byteLength(body.endsWith("\n") ? body : `${body}\n`);
      expect(Buffer.byteLength(text)).toBe(
        Buffer.byteLength(frontMatter) + 16 * bodyBytes + 15 + suffixBytes - 15 * trailing,
      );
      const unrenamed = text.slice(frontMatter.length).replace(/ \(copy \d+\)$/gm, "");
      const trimmed = (t: string) => t.replace(/[ \t]+$/gm, "");
      expect(trimmed(unrenamed)).toBe(trimmed(Array(16).fill(body).join("\n")));

      const slugsOfCopy = (k: number) =>
        new Set(
          report.sections.slice((k - 1) * headings, k * headings).map((s) => slugify(s.title)),
        );
      const seen = new Set<string>();
      for (let k = 1; k <= 16; k++) {
        const slugs = slugsOfCopy(k);
        expect([...slugs].filter((s) => seen.has(s))).toEqual([]);
        slugs.forEach((s) => seen.add(s));
      }
    },
  );
  if (!HAVE_CORPUS) console.warn(`SKIPPED the 16x handbook test: ${CORPUS} is absent.`);
});

describe("benchmark sites", () => {
  test("one-line layouts: the same files as the full site, post pages the baseline's page around the post, no parts on the whole-report page", async () => {
    const tmp = await mkdtemp(join(tmpdir(), "serialpress-bench-test-"));
    try {
      const site = await makeSerialSite(ROOT, tmp);
      await runSplit({
        report: join(ROOT, "reports/communities-of-practice.md"),
        out: site.posts,
        settings: {},
        print: () => {},
      });
      const lean = await makeOneLineLayoutSite(tmp, site);
      await buildSite(ROOT, site, false);
      await buildSite(ROOT, lean, false);

      expect(await listFiles(lean.out)).toEqual(await listFiles(site.out));
      const full = await readFile(join(site.out, "posts/method/index.html"), "utf8");
      const content = full.slice(
        full.indexOf('<div class="post-body">') + 24,
        full.indexOf('\n  </div>\n  <footer class="post-footer">'),
      );
      expect(await readFile(join(lean.out, "posts/method/index.html"), "utf8")).toBe(
        BASELINE_LAYOUT.replace("{{ title }}", "Method").replace(
          "{{ content | safe }}",
          `${content}\n`,
        ),
      );
      const report = await readFile(join(lean.out, "report/index.html"), "utf8");
      expect(report).toBe(
        BASELINE_LAYOUT.replace("{{ title }}", "Whole report").replace(
          "{{ content | safe }}",
          "<h1>Learning Together: Communities of Practice in Development Work</h1>\n",
        ),
      );
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});

describe("benchmark profiles", () => {
  test("a frame of the compiled plugin counts as its source file, and a bundled library's as its package", async () => {
    const file = join(ROOT, "dist/eleventy.js");
    const lines = (await readFile(file, "utf8")).split("\n");
    const at = (pattern: RegExp) => {
      const line = lines.findIndex((l) => pattern.test(l));
      return { lineNumber: line, columnNumber: lines[line]!.search(pattern) };
    };
    const url = pathToFileURL(file).href;
    const frame = (id: number, functionName: string, where: ReturnType<typeof at>) => ({
      id,
      callFrame: { functionName, url, ...where },
    });
    const profile = {
      nodes: [
        {
          id: 1,
          callFrame: { functionName: "(root)", url: "", lineNumber: -1, columnNumber: -1 },
          children: [2],
        },
        { ...frame(2, "lib.render", at(/lib\.render = \(src, env\) =>/)), children: [3] },
        frame(3, "Tokenizer", at(/^var Tokenizer = class/)),
      ],
      samples: [2, 3, 3],
      timeDeltas: [1000, 1000, 1000],
    };
    const summary = summarizeProfile(await mapToSources(profile));
    expect(summary.byGroup).toEqual([
      { name: "htmlparser2", ms: 2 },
      { name: "src/site/plugin.ts", ms: 1 },
    ]);
    expect(summary.byFunction).toEqual([{ name: "lib.render (src/site/plugin.ts)", ms: 3 }]);
  });
});
