// Benchmark inputs: a real report repeated N times, with every copy's headings
// renamed so that section ids (and so permalinks) stay distinct.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createSplitParser } from "../src/report/markdown.js";

const parser = createSplitParser();

/** An ATX heading's optional closing sequence and trailing blanks (CommonMark §4.2). */
const ATX_CLOSE = /(?:[ \t]+#+)?[ \t]*$/;

/**
 * Appends `suffix` to the text of every heading of a Markdown body (ATX and
 * setext, as markdown-it finds them, so a `#` line in a code fence is left
 * alone). Headings nested in lists or quotes are renamed too. Returns the
 * new body; every other line is unchanged.
 */
export function renameHeadings(body: string, suffix: string): string {
  const lines = body.split("\n");
  for (const token of parser.parse(body, {})) {
    if (token.type !== "heading_open" || !token.map) continue;
    const [start, end] = token.map;
    if (token.markup.startsWith("#")) {
      lines[start] = `${lines[start]!.replace(ATX_CLOSE, "")} ${suffix}`;
    } else {
      // Setext: the text ends on the line above the `===`/`---` underline.
      lines[end - 2] = `${lines[end - 2]!.trimEnd()} ${suffix}`;
    }
  }
  return lines.join("\n");
}

/**
 * A report `copies` times the size of `body`: copy 1 as written, copy k >= 2
 * with " (copy k)" after every heading, separated by a blank line, under
 * YAML front matter giving `title` and a weekly UTC schedule from
 * 2027-01-05. Footnote labels and link reference definitions are not
 * renamed: as CommonMark says, the first definition of a label wins.
 *
 * @param body Markdown without front matter (LF line endings).
 * @param copies a positive integer.
 * @throws RangeError for copies < 1 or not an integer.
 */
export function scaleReport(body: string, copies: number, title: string): string {
  if (!Number.isInteger(copies) || copies < 1)
    throw new RangeError(`copies must be a positive integer, got ${copies}`);
  const text = body.endsWith("\n") ? body : `${body}\n`;
  const parts = [text];
  for (let k = 2; k <= copies; k++) parts.push(renameHeadings(text, `(copy ${k})`));
  const frontMatter = [
    "---",
    `title: ${JSON.stringify(title)}`,
    "series:",
    `  name: ${JSON.stringify(title)}`,
    '  start: "2027-01-05"',
    "  every: week",
    '  time: "09:00"',
    "  timezone: UTC",
    "---",
    "",
  ].join("\n");
  return frontMatter + parts.join("\n");
}

/** One benchmark input on disk. */
export interface BenchReport {
  /** Short name for tables, e.g. `osth 4x` or `sample`. */
  name: string;
  file: string;
  bytes: number;
}

/**
 * Writes `<name>-<N>x.md` into `outDir` for each factor (a scaled copy of the
 * report `source`, which must have no front matter) and returns them.
 */
export async function writeScaledReports(
  source: string,
  name: string,
  factors: number[],
  outDir: string,
): Promise<BenchReport[]> {
  const body = (await readFile(source, "utf8")).replace(/\r\n?/g, "\n");
  await mkdir(outDir, { recursive: true });
  const reports: BenchReport[] = [];
  for (const n of factors) {
    const file = join(outDir, `${name}-${n}x.md`);
    const text = scaleReport(body, n, `${name} ×${n}`);
    await writeFile(file, text);
    reports.push({ name: `${name} ${n}x`, file, bytes: Buffer.byteLength(text) });
  }
  return reports;
}
