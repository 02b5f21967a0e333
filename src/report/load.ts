import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import { InputError } from "../errors.js";
import type { Report, ReportMeta, SeriesSettings } from "../types.js";
import { readFrontMatter } from "./frontmatter.js";

const MARKDOWN = new Set([".md", ".markdown", ".txt"]);

/**
 * Reads a report file into a {@link Report}. Markdown only for now; the line
 * endings become `\n` and a byte-order mark is dropped.
 *
 * @throws InputError for an unreadable or unsupported file, or bad front matter.
 */
export async function loadReport(file: string): Promise<Report> {
  const ext = extname(file).toLowerCase();
  if (!MARKDOWN.has(ext)) {
    throw new InputError(
      file,
      undefined,
      `cannot read ${ext || "a file without extension"}: serialpress reads Markdown reports (.md, .markdown, .txt). ` +
        "Convert the report to Markdown first (e.g. `pandoc report.docx -o report.md`).",
    );
  }
  let raw: string;
  try {
    raw = await readFile(file, "utf8");
  } catch (cause) {
    throw new InputError(file, undefined, `cannot read the report: ${(cause as Error).message}`, {
      cause,
    });
  }
  const text = raw.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const { data, body, bodyOffset } = readFrontMatter(text, file);
  if (body.trim() === "") throw new InputError(file, undefined, "the report has no text to split.");
  return { file, body, bodyOffset, meta: reportMeta(data, file) };
}

function reportMeta(data: Record<string, unknown>, file: string): ReportMeta {
  const str = (key: string): string | undefined => {
    const value = data[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === "string" || typeof value === "number") return String(value);
    throw new InputError(file, undefined, `front matter field \`${key}\` must be text.`);
  };
  const authors = data.authors ?? data.author;
  const authorList =
    authors === undefined ? [] : Array.isArray(authors) ? authors.map(String) : [String(authors)];
  const series = data.series ?? {};
  if (typeof series !== "object" || Array.isArray(series)) {
    throw new InputError(
      file,
      undefined,
      "front matter field `series` must be a mapping (name, start, every, time, timezone, targetWords).",
    );
  }
  return {
    title: str("title") ?? basename(file, extname(file)),
    subtitle: str("subtitle"),
    authors: authorList,
    date: str("date"),
    lang: str("lang"),
    sample: str("sample"),
    series: series as Partial<SeriesSettings>,
  };
}
