import { beforeAll, describe, expect, test } from "@jest/globals";
import { createHash } from "node:crypto";
import { copyFile, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { FootnoteReferenceRun, HeadingLevel, ImageRun, Paragraph, TextRun } from "docx";
import { runConvert } from "../src/commands/convert.js";
import { runSplit } from "../src/commands/split.js";
import { ConflictError, InputError } from "../src/errors.js";
import { noteLabel } from "../src/report/html-markdown.js";
import { loadReport } from "../src/report/load.js";
import type { SerialLock } from "../src/posts/lock.js";
import { docxFile, PNG } from "./helpers/docx.js";
import { prose } from "./helpers/report.js";
import { build, listFiles, makeSite, splitInto, type TestSite } from "./helpers/site.js";

const FLAGS = {
  start: "2027-01-05",
  timezone: "Europe/Amsterdam",
  targetWords: 60,
  minWords: 30,
  maxWords: 120,
};
const pngHash = createHash("sha256").update(PNG).digest("hex").slice(0, 16);

/** A three-chapter Word report with a title page, a footnote and an image. */
const report = () =>
  docxFile({
    creator: "Ada Lovelace",
    footnotes: { 1: { children: [new Paragraph("Counted in 2026.")] } },
    children: [
      new Paragraph({ text: "Learning Together", style: "Title" }),
      new Paragraph({ text: "Context", heading: HeadingLevel.HEADING_1 }),
      new Paragraph(prose(70, 70, "context")),
      new Paragraph({ text: "Findings", heading: HeadingLevel.HEADING_1 }),
      new Paragraph({
        children: [
          new TextRun("Members met weekly"),
          new FootnoteReferenceRun(1),
          new TextRun("."),
        ],
      }),
      new Paragraph({
        children: [
          new ImageRun({
            type: "png",
            data: PNG,
            transformation: { width: 10, height: 10 },
            altText: { name: "cycle", description: "The cycle", title: "cycle" },
          }),
        ],
      }),
      new Paragraph(prose(60, 60, "finding")),
      new Paragraph({ text: "Next steps", heading: HeadingLevel.HEADING_1 }),
      new Paragraph(prose(70, 70, "step")),
    ],
  });

describe("splitting a Word report", () => {
  let file: string;
  let out: string;
  let lines: string[];
  beforeAll(async () => {
    file = await report();
    out = join(dirname(file), "posts");
    lines = [];
    await runSplit({ report: file, out, settings: FLAGS, print: (l) => lines.push(l) });
  });

  test("gives one part per chapter, titled by its heading, with the title page as series title", async () => {
    const lock = JSON.parse(await readFile(join(out, "serial.lock.json"), "utf8")) as SerialLock;
    expect(lock.parts.map((p) => [p.number, p.title, p.date])).toEqual([
      [1, "Context", "2027-01-05T09:00:00+01:00"],
      [2, "Findings", "2027-01-12T09:00:00+01:00"],
      [3, "Next steps", "2027-01-19T09:00:00+01:00"],
    ]);
    expect(lock.series).toEqual({
      name: "Learning Together",
      title: "Learning Together",
      authors: ["Ada Lovelace"],
    });
  });

  test("records the sha256 of the file's bytes, as `npm start` computes it to see a stale split", async () => {
    const lock = JSON.parse(await readFile(join(out, "serial.lock.json"), "utf8")) as SerialLock;
    const bytes = await readFile(file);
    expect(lock.report.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
  });

  test("writes the image into posts/media under the path the post uses, and the footnote with its user", async () => {
    const files = await listFiles(out);
    expect(files).toContain(`media/images/${pngHash}.png`);
    expect((await readFile(join(out, `media/images/${pngHash}.png`))).equals(PNG)).toBe(true);
    const findings = await readFile(join(out, "findings.md"), "utf8");
    expect(findings).toContain(`![The cycle](images/${pngHash}.png)`);
    const label = noteLabel("Counted in 2026.");
    expect(findings).toContain(`Members met weekly[^${label}].`);
    expect(findings).toContain(`[^${label}]: Counted in 2026.`);
  });

  test("splitting the same Word report again writes identical bytes", async () => {
    const before = new Map<string, Buffer>();
    for (const f of await listFiles(out)) before.set(f, await readFile(join(out, f)));
    await runSplit({ report: file, out, settings: FLAGS, print: () => {} });
    const after = await listFiles(out);
    expect(after).toEqual([...before.keys()]);
    for (const f of after) expect((await readFile(join(out, f))).equals(before.get(f)!)).toBe(true);
  });
});

describe("a Word report's settings file (<name>.yaml beside it)", () => {
  test("its series settings schedule the split, its title replaces the document's, and flags still win", async () => {
    const file = await report();
    await writeFile(
      join(dirname(file), "report.yaml"),
      "title: Learning Together, 2027\nseries:\n  start: 2027-03-02\n  every: 2 weeks\n  time: '18:00'\n  timezone: Africa/Nairobi\n  targetWords: 60\n",
    );
    const plan = await runSplit({
      report: file,
      out: "unused",
      settings: {},
      dryRun: true,
      print: () => {},
    });
    expect(plan.settings).toMatchObject({ name: "Learning Together, 2027", every: "2 weeks" });
    expect(plan.parts.map((p) => p.date)).toEqual([
      "2027-03-02T18:00:00+03:00",
      "2027-03-16T18:00:00+03:00",
      "2027-03-30T18:00:00+03:00",
    ]);
    const flagged = await runSplit({
      report: file,
      out: "unused",
      settings: { time: "07:30" },
      dryRun: true,
      print: () => {},
    });
    expect(flagged.parts[0]!.date).toBe("2027-03-02T07:30:00+03:00");
  });

  test("convert carries its settings into the front matter it writes", async () => {
    const file = await report();
    await writeFile(join(dirname(file), "report.yaml"), "series:\n  every: day\n");
    const { file: md } = await runConvert({ report: file, print: () => {} });
    expect((await readFile(md, "utf8")).split("\n").slice(0, 8)).toEqual([
      "---",
      "title: Learning Together",
      "authors:",
      "  - Ada Lovelace",
      "series:",
      "  every: day",
      "---",
      "# Context",
    ]);
  });

  test("a YAML error names the settings file and its line", async () => {
    const file = await report();
    const yaml = join(dirname(file), "report.yaml");
    await writeFile(yaml, "title: A\nseries: [unclosed\n");
    await expect(
      runSplit({ report: file, out: "unused", settings: {}, dryRun: true, print: () => {} }),
    ).rejects.toThrow(
      new RegExp(`^${yaml.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:\\d+: not valid YAML: `),
    );
  });

  test("a series that is not a mapping names the settings file, not the .docx", async () => {
    const file = await report();
    const yaml = join(dirname(file), "report.yaml");
    await writeFile(yaml, "series: weekly\n");
    await expect(loadReport(file)).rejects.toThrow(
      new InputError(
        yaml,
        undefined,
        "front matter field `series` must be a mapping (name, start, every, time, timezone, targetWords).",
      ),
    );
  });
});

describe("re-splitting an edited Word report", () => {
  test("a footnote added to chapter 1 after release marks only part 1 updated", async () => {
    const chapters = (extraNote: boolean) =>
      docxFile({
        creator: "",
        footnotes: {
          1: { children: [new Paragraph("New note.")] },
          2: { children: [new Paragraph("Second chapter note.")] },
          3: { children: [new Paragraph("Third chapter note.")] },
        },
        children: [
          new Paragraph({ text: "One", heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [
              new TextRun(prose(70, 70, "one")),
              ...(extraNote ? [new FootnoteReferenceRun(1)] : []),
            ],
          }),
          new Paragraph({ text: "Two", heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [new TextRun(prose(70, 70, "two")), new FootnoteReferenceRun(2)],
          }),
          new Paragraph({ text: "Three", heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [new TextRun(prose(70, 70, "three")), new FootnoteReferenceRun(3)],
          }),
        ],
      });
    const site = await makeSite();
    // The editor saves the edited document over the same file.
    const file = await chapters(false);
    await splitInto(site, file, FLAGS, { SERIAL_NOW: "2027-01-01T00:00:00Z" });
    await copyFile(await chapters(true), file);
    await splitInto(site, file, FLAGS, { SERIAL_NOW: "2027-02-01T12:00:00Z" });
    const lock = JSON.parse(
      await readFile(join(site.posts, "serial.lock.json"), "utf8"),
    ) as SerialLock;
    expect(lock.parts.map((p) => [p.title, p.updated])).toEqual([
      ["One", "2027-02-01T13:00:00+01:00"],
      ["Two", undefined],
      ["Three", undefined],
    ]);
  });
});

describe("serialpress convert", () => {
  test("writes front matter, the Markdown and the images; that Markdown splits into the same posts", async () => {
    const file = await report();
    const printed: string[] = [];
    const result = await runConvert({ report: file, print: (l) => printed.push(l) });
    const md = file.replace(/\.docx$/, ".md");
    expect(result).toEqual({ file: md, images: [join(dirname(file), `images/${pngHash}.png`)] });
    expect(printed).toEqual([`Wrote ${md} and 1 image(s) in images/.`]);
    const text = await readFile(md, "utf8");
    expect(text.split("\n").slice(0, 6)).toEqual([
      "---",
      "title: Learning Together",
      "authors:",
      "  - Ada Lovelace",
      "---",
      "# Context",
    ]);

    const fromDocx = await runSplit({
      report: file,
      out: join(dirname(file), "a"),
      settings: FLAGS,
      print: () => {},
    });
    const fromMd = await runSplit({
      report: md,
      out: join(dirname(file), "b"),
      settings: FLAGS,
      print: () => {},
    });
    const shape = (r: typeof fromDocx) =>
      r.parts.map(({ id, title, body, sections, words, date, lines }) => ({
        ...{ id, title, body, sections, words, date, lines },
      }));
    expect(shape(fromMd)).toEqual(shape(fromDocx));
    expect(await listFiles(join(dirname(file), "b", "media"))).toEqual([`images/${pngHash}.png`]);
  });

  test("refuses to overwrite a Markdown file unless forced", async () => {
    const file = await report();
    await runConvert({ report: file, print: () => {} });
    const md = file.replace(/\.docx$/, ".md");
    await expect(runConvert({ report: file, print: () => {} })).rejects.toThrow(
      new ConflictError(
        `${md} already exists; give another file with --out, or --force to overwrite it.`,
      ),
    );
    await expect(runConvert({ report: file, force: true, print: () => {} })).resolves.toEqual({
      file: md,
      images: [join(dirname(file), `images/${pngHash}.png`)],
    });
  });

  test("prints the conversion's warnings, a line as a line of the Markdown file it wrote", async () => {
    const bmp = Buffer.from(
      "Qk06AAAAAAAAADYAAAAoAAAAAQAAAAEAAAABABgAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAD/AA==",
      "base64",
    );
    const file = await docxFile({
      creator: "",
      children: [
        new Paragraph({ text: "Figure", heading: HeadingLevel.HEADING_1 }),
        new Paragraph({
          children: [
            new ImageRun({ type: "bmp", data: bmp, transformation: { width: 1, height: 1 } }),
          ],
        }),
      ],
    });
    const printed: string[] = [];
    const { file: md } = await runConvert({ report: file, print: (l) => printed.push(l) });
    expect(printed[0]).toBe(
      `warning: ${md}:6: an image is image/bmp, which web browsers do not show; in Word, replace it with a PNG, JPEG or SVG copy.`,
    );
    expect((await readFile(md, "utf8")).split("\n")[5]).toMatch(
      /^!\[\]\(images\/[0-9a-f]{16}\.bmp\)$/,
    );
  });

  test("refuses a Markdown report, which is split as it is", async () => {
    await expect(runConvert({ report: "notes.md" })).rejects.toThrow(
      new InputError(
        "notes.md",
        undefined,
        "convert reads Word (.docx) and HTML (.html, .htm) reports; a Markdown report is split as it is.",
      ),
    );
  });

  test("a split warning names a line of the Word report's Markdown, and convert's file has that block there", async () => {
    const file = await docxFile({
      creator: "",
      children: [
        new Paragraph({ text: "Long", heading: HeadingLevel.HEADING_1 }),
        new Paragraph(prose(200, 200, "long")),
      ],
    });
    const printed: string[] = [];
    await runSplit({
      report: file,
      out: join(dirname(file), "posts"),
      settings: FLAGS,
      dryRun: true,
      print: () => {},
      warn: (l) => printed.push(l),
    });
    const warning = printed.find((l) => l.startsWith("warning:"));
    expect(warning).toBe(
      `warning: ${file} (line 6 of its Markdown; see \`serialpress convert ${file}\`): a block of 200 words cannot be cut and is larger than the maximum part size (120 words)`,
    );
    const { file: md } = await runConvert({ report: file, print: () => {} });
    const lines = (await readFile(md, "utf8")).split("\n");
    // Line 6 (index 5), after three lines of front matter, the heading and a blank line.
    expect(lines.slice(0, 5)).toEqual(["---", "title: report", "---", "# Long", ""]);
    expect(lines[5]!.startsWith("long1 long2")).toBe(true);
  });
});

describe("a Word report's site", () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await makeSite();
    await splitInto(site, await report(), FLAGS);
    await build(site, "2100-01-01T00:00:00Z");
  });

  test("shows the image from /media/ with its alt text, and the footnote, on the part's page", async () => {
    const html = await readFile(join(site.out, "posts/findings/index.html"), "utf8");
    expect(html).toContain(`<img src="/media/images/${pngHash}.png" alt="The cycle">`);
    expect(html).toMatch(/Members met weekly<sup class="footnote-ref"><a href="#fn-findings-1"/);
    expect(html).toContain("Counted in 2026.");
    expect(await listFiles(site.out)).toContain(`media/images/${pngHash}.png`);
  });
});
