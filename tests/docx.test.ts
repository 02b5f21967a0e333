import { describe, expect, test } from "@jest/globals";
import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import {
  AlignmentType,
  Bookmark,
  ExternalHyperlink,
  FootnoteReferenceRun,
  HeadingLevel,
  ImageRun,
  InternalHyperlink,
  LevelFormat,
  Math as WordMath,
  MathRun,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from "docx";
import { InputError } from "../src/errors.js";
import { convertDocx } from "../src/report/docx.js";
import { noteLabel } from "../src/report/html-markdown.js";
import { loadReport } from "../src/report/load.js";
import { createMarkdown } from "../src/report/markdown.js";
import { docxBytes, docxFile, PNG } from "./helpers/docx.js";

const heading = (text: string, level: 1 | 2 | 3 = 1) =>
  new Paragraph({
    text,
    heading: [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3][level - 1],
  });
const para = (...runs: (string | TextRun | FootnoteReferenceRun)[]) =>
  new Paragraph({ children: runs.map((r) => (typeof r === "string" ? new TextRun(r) : r)) });
const convert = async (options: Parameters<typeof docxBytes>[0]) =>
  convertDocx(await docxBytes(options), "report.docx");
const pngHash = createHash("sha256").update(PNG).digest("hex").slice(0, 16);

describe("a Word document as Markdown", () => {
  test("Heading 1-3, paragraphs, bold, italic and bullet lists become their CommonMark", async () => {
    const { markdown } = await convert({
      children: [
        heading("Findings"),
        para(
          "Plain, ",
          new TextRun({ text: "bold", bold: true }),
          " and ",
          new TextRun({ text: "italic", italics: true }),
          ".",
        ),
        heading("Method", 2),
        new Paragraph({ text: "first", bullet: { level: 0 } }),
        new Paragraph({ text: "second", bullet: { level: 0 } }),
        heading("Detail", 3),
        para("End."),
      ],
    });
    expect(markdown).toBe(
      "# Findings\n\nPlain, **bold** and *italic*.\n\n## Method\n\n- first\n- second\n\n### Detail\n\nEnd.\n",
    );
  });

  test("numbered lists with nested bullets, strikethrough and subscript keep their Markdown", async () => {
    const { markdown } = await convert({
      numbering: {
        config: [
          {
            reference: "steps",
            levels: [
              {
                level: 0,
                format: LevelFormat.DECIMAL,
                text: "%1.",
                alignment: AlignmentType.START,
              },
              { level: 1, format: LevelFormat.BULLET, text: "•", alignment: AlignmentType.START },
            ],
          },
        ],
      },
      children: [
        para(
          "Kept ",
          new TextRun({ text: "struck", strike: true }),
          " and H",
          new TextRun({ text: "2", subScript: true }),
          "O",
        ),
        new Paragraph({ text: "Plan", numbering: { reference: "steps", level: 0 } }),
        new Paragraph({ text: "Sub point", numbering: { reference: "steps", level: 1 } }),
        new Paragraph({ text: "Do", numbering: { reference: "steps", level: 0 } }),
      ],
    });
    expect(markdown).toBe("Kept ~~struck~~ and H<sub>2</sub>O\n\n1. Plan\n   - Sub point\n2. Do\n");
  });

  test("footnotes become [^label] references with indented second paragraphs, defined in reading order", async () => {
    const { markdown } = await convert({
      footnotes: {
        1: { children: [new Paragraph("Cited second.")] },
        2: { children: [new Paragraph("Cited first."), new Paragraph("Its second paragraph.")] },
      },
      children: [
        heading("Notes"),
        para("One", new FootnoteReferenceRun(2), " two", new FootnoteReferenceRun(1), "."),
      ],
    });
    const first = noteLabel("Cited first.Its second paragraph.");
    const second = noteLabel("Cited second.");
    expect([first, second]).toEqual(["7fecdae4", "a3640bb1"]);
    expect(markdown).toBe(
      `# Notes\n\nOne[^${first}] two[^${second}].\n\n[^${first}]: Cited first.\n\n    Its second paragraph.\n\n[^${second}]: Cited second.\n`,
    );
  });

  test("adding a footnote leaves the other notes' labels alone, so later parts keep their text", async () => {
    const note = (text: string) => ({ children: [new Paragraph(text)] });
    const before = await convert({
      footnotes: { 1: note("Alpha."), 2: note("Beta.") },
      children: [para("A", new FootnoteReferenceRun(1), " B", new FootnoteReferenceRun(2), ".")],
    });
    const after = await convert({
      footnotes: { 1: note("New."), 2: note("Alpha."), 3: note("Beta.") },
      children: [
        para("N", new FootnoteReferenceRun(1), "."),
        para("A", new FootnoteReferenceRun(2), " B", new FootnoteReferenceRun(3), "."),
      ],
    });
    const [a, b, n] = [noteLabel("Alpha."), noteLabel("Beta."), noteLabel("New.")];
    expect(before.markdown).toBe(`A[^${a}] B[^${b}].\n\n[^${a}]: Alpha.\n\n[^${b}]: Beta.\n`);
    expect(after.markdown).toBe(
      `N[^${n}].\n\nA[^${a}] B[^${b}].\n\n[^${n}]: New.\n\n[^${a}]: Alpha.\n\n[^${b}]: Beta.\n`,
    );
  });

  test("two notes with the same text get distinct labels, the second with -2", async () => {
    const { markdown } = await convert({
      footnotes: {
        1: { children: [new Paragraph("Ibid.")] },
        2: { children: [new Paragraph("Ibid.")] },
      },
      children: [para("A", new FootnoteReferenceRun(1), " B", new FootnoteReferenceRun(2), ".")],
    });
    const ibid = noteLabel("Ibid.");
    expect(markdown).toBe(
      `A[^${ibid}] B[^${ibid}-2].\n\n[^${ibid}]: Ibid.\n\n[^${ibid}-2]: Ibid.\n`,
    );
  });

  test("a hyperlink with no text shows its address instead of vanishing", async () => {
    const { markdown } = await convert({
      children: [
        new Paragraph({
          children: [
            new TextRun("Code at: "),
            new ExternalHyperlink({ link: "https://example.org/code", children: [] }),
            new TextRun(". Site: "),
            new ExternalHyperlink({
              link: "https://example.org/",
              children: [new TextRun("our site")],
            }),
          ],
        }),
      ],
    });
    expect(markdown).toBe(
      "Code at: <https://example.org/code>. Site: [our site](https://example.org/)\n",
    );
  });

  test("a bookmark a link points at stays as <a id>; Word's other bookmarks and a heading's own slug are dropped", async () => {
    const { markdown } = await convert({
      children: [
        new Paragraph({
          heading: HeadingLevel.HEADING_1,
          children: [new Bookmark({ id: "results", children: [new TextRun("Results")] })],
        }),
        new Paragraph({
          children: [
            new Bookmark({ id: "fig1", children: [new TextRun("Figure 1.")] }),
            new Bookmark({ id: "_Toc99", children: [new TextRun(" Untargeted.")] }),
          ],
        }),
        new Paragraph({
          children: [
            new InternalHyperlink({ anchor: "fig1", children: [new TextRun("see figure")] }),
            new TextRun(", "),
            new InternalHyperlink({ anchor: "results", children: [new TextRun("results")] }),
          ],
        }),
      ],
    });
    expect(markdown).toBe(
      '# Results\n\n<a id="fig1"></a>Figure 1. Untargeted.\n\n[see figure](#fig1), [results](#results)\n',
    );
  });

  test("an image is taken out under a name from its content's sha256, with its alt text", async () => {
    const { markdown, media } = await convert({
      children: [
        new Paragraph({
          children: [
            new ImageRun({
              type: "png",
              data: PNG,
              transformation: { width: 10, height: 10 },
              altText: { name: "dot", description: "A red dot", title: "dot" },
            }),
          ],
        }),
      ],
    });
    expect(markdown).toBe(`![A red dot](images/${pngHash}.png)\n`);
    expect([...media.keys()]).toEqual([`images/${pngHash}.png`]);
    expect(Buffer.from(media.get(`images/${pngHash}.png`)!).equals(PNG)).toBe(true);
  });

  test("an image browsers cannot show (BMP) is kept and named in a warning with its line", async () => {
    const bmp = Buffer.from(
      "Qk06AAAAAAAAADYAAAAoAAAAAQAAAAEAAAABABgAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAD/AA==",
      "base64",
    );
    const { markdown, warnings } = await convert({
      children: [
        heading("Figure"),
        new Paragraph({
          children: [
            new ImageRun({ type: "bmp", data: bmp, transformation: { width: 1, height: 1 } }),
          ],
        }),
      ],
    });
    const hash = createHash("sha256").update(bmp).digest("hex").slice(0, 16);
    expect(markdown).toBe(`# Figure\n\n![](images/${hash}.bmp)\n`);
    expect(warnings).toEqual([
      {
        line: 2,
        message:
          "an image is image/bmp, which web browsers do not show; in Word, replace it with a PNG, JPEG or SVG copy.",
      },
    ]);
  });

  test("bold ending in a space closes before the space, so no &#x20; entities appear", async () => {
    const { markdown } = await convert({
      children: [
        para(
          "From the ",
          new TextRun({ text: "unit of ", bold: true }),
          new TextRun({ text: "observation ", bold: true, italics: true }),
          "in the data.",
        ),
      ],
    });
    expect(markdown).toBe("From the **unit of _observation_** in the data.\n");
  });

  test("a table becomes a GFM table: first row as header, a cell's paragraphs and list items as <br> lines", async () => {
    const cell = (...texts: string[]) =>
      new TableCell({ children: texts.map((t) => new Paragraph(t)) });
    const { markdown } = await convert({
      footnotes: { 1: { children: [new Paragraph("Self-reported.")] } },
      children: [
        new Table({
          rows: [
            new TableRow({ children: [cell("Region"), cell("Members")] }),
            new TableRow({ children: [cell("East | West"), cell("12")] }),
          ],
        }),
        para("Between."),
        new Table({
          rows: [
            new TableRow({
              children: [new TableCell({ columnSpan: 2, children: [new Paragraph("Merged")] })],
            }),
            new TableRow({
              children: [
                cell("One paragraph", "Second paragraph"),
                new TableCell({
                  children: [
                    new Paragraph({ text: "item", bullet: { level: 0 } }),
                    new Paragraph({
                      children: [new TextRun("item2"), new FootnoteReferenceRun(1)],
                      bullet: { level: 0 },
                    }),
                  ],
                }),
              ],
            }),
          ],
        }),
      ],
    });
    expect(markdown).toBe(
      [
        "| Region       | Members |",
        "| ------------ | ------- |",
        "| East \\| West | 12      |",
        "",
        "Between.",
        "",
        "| Merged                            |                              |",
        "| --------------------------------- | ---------------------------- |",
        `| One paragraph<br>Second paragraph | • item<br>• item2[^${noteLabel("Self-reported.")}] |`,
        "",
        `[^${noteLabel("Self-reported.")}]: Self-reported.`,
        "",
      ].join("\n"),
    );
    const html = createMarkdown().render(markdown);
    expect(html).toContain("<td>One paragraph<br>Second paragraph</td>");
    expect(html.match(/<table>/g)).toHaveLength(2);
  });

  test("superscript stays <sup>, so 10² does not read as 102", async () => {
    const { markdown } = await convert({
      children: [para("Area: 10 m", new TextRun({ text: "2", superScript: true }), ".")],
    });
    expect(markdown).toBe("Area: 10 m<sup>2</sup>.\n");
  });

  test("Word's Quote style and pandoc's Source Code style become a block quote and a code block", async () => {
    const { markdown } = await convert({
      styles: {
        paragraphStyles: [
          { id: "Quote", name: "Quote", run: {} },
          { id: "SourceCode", name: "Source Code", run: {} },
        ],
      },
      children: [
        new Paragraph({ text: "Said someone.", style: "Quote" }),
        new Paragraph({ text: "x <- 1", style: "SourceCode" }),
        new Paragraph({ text: "print(x)", style: "SourceCode" }),
      ],
    });
    expect(markdown).toBe("> Said someone.\n\n```\nx <- 1\nprint(x)\n```\n");
  });
});

describe("a Word report's metadata", () => {
  test("the Title paragraph is the title, not text; authors come from the properties, split at ';'", async () => {
    const { markdown, meta } = await convert({
      title: "Draft 3 (old)",
      creator: "Ada Lovelace; Alan Turing",
      subject: "A subtitle",
      children: [new Paragraph({ text: "Learning Together", style: "Title" }), heading("Intro")],
    });
    expect(markdown).toBe("# Intro\n");
    expect(meta).toEqual({
      title: "Learning Together",
      subtitle: "A subtitle",
      authors: ["Ada Lovelace", "Alan Turing"],
    });
  });

  test("without a Title paragraph the document's title property is the title", async () => {
    // The docx package writes "Un-named" as the creator unless told otherwise.
    const file = await docxFile({
      title: "From the properties",
      creator: "",
      children: [heading("Intro")],
    });
    const report = await loadReport(file);
    expect(report.meta).toEqual({ title: "From the properties", authors: [], series: {} });
    expect(report.format).toBe("docx");
    expect(report.bodyOffset).toBe(3);
    expect(report.body).toBe("# Intro\n");
  });

  test("without either, the file name is the title", async () => {
    const file = await docxFile({ children: [heading("Intro")] }, "annual-review.docx");
    expect((await loadReport(file)).meta.title).toBe("annual-review");
  });
});

describe("Word files that cannot be split", () => {
  test("a file that is not a Word document names the file and says how to save one", async () => {
    const file = await docxFile({ children: [] });
    await writeFile(file, "plain text, not a zip");
    await expect(loadReport(file)).rejects.toThrow(InputError);
    await expect(loadReport(file)).rejects.toThrow(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: cannot read it as a Word document \\(\\.docx\\): .*Save it from Word as "Word Document \\(\\.docx\\)"\\.$`,
      ),
    );
  });

  test("a document with no text is refused", async () => {
    const file = await docxFile({ children: [new Paragraph("")] });
    await expect(loadReport(file)).rejects.toThrow(
      new InputError(file, undefined, "the Word document has no text to split."),
    );
  });

  test("equations, which the converter cannot read, are one warning that says how to keep them", async () => {
    const equation = (text: string) => new WordMath({ children: [new MathRun(text)] });
    const { markdown, warnings } = await convert({
      children: [
        new Paragraph({
          children: [new TextRun("Energy: "), equation("E=mc^2"), new TextRun(".")],
        }),
        new Paragraph({ children: [new TextRun("And "), equation("x")] }),
      ],
    });
    expect(markdown).toBe("Energy: .\n\nAnd\n");
    expect(warnings).toEqual([
      {
        message:
          "equations were left out: Word equations have no Markdown form here; in Word, replace each with a picture of it (or plain text) to keep it.",
      },
    ]);
  });

  test("a paragraph style named like a heading but not Heading 1-6 is a warning that says what to apply", async () => {
    const file = await docxFile({
      styles: { paragraphStyles: [{ id: "ChapterHeading", name: "Chapter Heading", run: {} }] },
      children: [new Paragraph({ text: "Chapter one", style: "ChapterHeading" }), para("Text.")],
    });
    const report = await loadReport(file);
    expect(report.body).toBe("Chapter one\n\nText.\n");
    expect(report.warnings).toEqual([
      {
        message:
          'paragraph style "Chapter Heading" is not one of Word\'s Heading 1-6 styles, so its paragraphs are text, not headings that parts can start at; apply Heading 1-6 to them in Word.',
      },
    ]);
  });
});
