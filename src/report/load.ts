import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import { InputError } from "../errors.js";
import type { Report, ReportMeta, SeriesSettings } from "../types.js";
import { convertDocx } from "./docx.js";
import { htmlToMarkdown } from "./html-markdown.js";
import { readFrontMatter, writeFrontMatter } from "./frontmatter.js";
import { readSidecar, sidecarPath } from "./sidecar.js";

const MARKDOWN = new Set([".md", ".markdown", ".txt"]);
const DOCX = new Set([".docx"]);
const HTML = new Set([".html", ".htm"]);

/**
 * Reads a report file into a {@link Report}, by its extension:
 * - Markdown (`.md`, `.markdown`, `.txt`): the line endings become `\n`, a
 *   byte-order mark is dropped, YAML front matter gives the metadata;
 * - Word (`.docx`): converted to Markdown by `convertDocx` (headings,
 *   footnotes, images, links), with title, subtitle, authors and language
 *   from its title page and document properties, overridden field by field
 *   by its settings file (`<name>.yaml` beside it, see `sidecar.ts`), which
 *   is also where its `series:` settings go. `format` is `docx`, `media`
 *   holds its images.
 *
 * @throws InputError for an unreadable or unsupported file, bad front matter,
 *   or a report with no text.
 */
export async function loadReport(file: string): Promise<Report> {
  const ext = extname(file).toLowerCase();
  if (!MARKDOWN.has(ext) && !DOCX.has(ext) && !HTML.has(ext)) {
    throw new InputError(
      file,
      undefined,
      `cannot read ${ext || "a file without extension"}: serialpress reads Markdown (.md, .markdown, .txt), Word (.docx) and HTML (.html, .htm) reports. ` +
        "Convert the report to one of those first (e.g. `pandoc report.odt -o report.docx`, or save it from Word as .docx; a PDF has lost its structure: export the source document instead).",
    );
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    throw new InputError(file, undefined, `cannot read the report: ${(cause as Error).message}`, {
      cause,
    });
  }
  if (DOCX.has(ext)) return docxReport(file, bytes);
  if (HTML.has(ext)) return htmlReport(file, bytes);
  const text = utf8Text(bytes, file)
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n");
  const { data, body, bodyOffset } = readFrontMatter(text, file);
  if (body.trim() === "")
    throw new InputError(
      file,
      undefined,
      "the report has no text to split; write the report below its front matter (after the closing `---` line).",
    );
  return { file, format: "markdown", body, bodyOffset, meta: reportMeta(data, file) };
}

async function docxReport(file: string, bytes: Uint8Array): Promise<Report> {
  const { markdown, meta, media, warnings } = await convertDocx(bytes, file);
  if (markdown.trim() === "") {
    throw new InputError(file, undefined, "the Word document has no text to split.");
  }
  // The settings file wins over the document: it is where the author says
  // what the document cannot (series settings) or says it differently.
  const sidecar = await readSidecar(sidecarPath(file));
  if (sidecar) reportMeta(sidecar.data, sidecar.file); // its errors name it, not the .docx
  const fromDocx = frontMatterOf({ ...meta, title: meta.title ?? basename(file, extname(file)) });
  // The same text `serialpress convert` writes, so line numbers in messages
  // are lines of that file.
  const text = writeFrontMatter({ ...fromDocx, ...sidecar?.data }, markdown);
  const { data, body, bodyOffset } = readFrontMatter(text, file);
  return { file, format: "docx", body, bodyOffset, meta: reportMeta(data, file), media, warnings };
}

/**
 * A web page as a report: its main content (`<main>`, else `<article>`,
 * else `<body>` without navigation) converted to Markdown by the same rules
 * as a Word document's HTML, heading ids kept as `{#id}`; title, language and
 * authors from the page; series settings from `<name>.yaml` beside it.
 */
async function htmlReport(file: string, bytes: Uint8Array): Promise<Report> {
  const { markdown, meta } = htmlToMarkdown(utf8Text(Buffer.from(bytes), file), { page: true });
  if (markdown.trim() === "")
    throw new InputError(file, undefined, "the page has no text to split.");
  const sidecar = await readSidecar(sidecarPath(file));
  if (sidecar) reportMeta(sidecar.data, sidecar.file);
  const fromPage = frontMatterOf({ ...meta, title: meta.title ?? basename(file, extname(file)) });
  const text = writeFrontMatter({ ...fromPage, ...sidecar?.data }, markdown);
  const { data, body, bodyOffset } = readFrontMatter(text, file);
  return { file, format: "html", body, bodyOffset, meta: reportMeta(data, file) };
}

/**
 * Decodes a report's bytes as UTF-8, refusing anything else rather than
 * writing replacement characters (or NUL bytes) into the posts.
 *
 * @throws InputError naming the file and the line of the first bad byte.
 */
function utf8Text(bytes: Buffer, file: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new InputError(
      file,
      1,
      "the file is UTF-16 text; save it as UTF-8 (in most editors: Save As… › Encoding: UTF-8).",
    );
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const lossy = bytes.toString("utf8");
    const line = lossy.slice(0, lossy.indexOf("\uFFFD")).split("\n").length;
    throw new InputError(
      file,
      line,
      "the file is not UTF-8 text (it may be Latin-1 or Windows-1252); save it as UTF-8 and split again.",
    );
  }
}

/**
 * The front matter fields (see README, "Serialize your own report") that
 * state `meta`, leaving out empty ones; `series` only when it has settings.
 */
export function frontMatterOf(meta: Partial<ReportMeta>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const key of ["title", "subtitle", "date", "lang", "sample"] as const) {
    if (meta[key]) data[key] = meta[key];
  }
  if (meta.authors && meta.authors.length > 0) data.authors = meta.authors;
  if (meta.series && Object.keys(meta.series).length > 0) data.series = meta.series;
  return data;
}

/**
 * Where a 1-based line of `report`'s file is, for a message: `file:line`
 * for Markdown; for a Word document, the line of its Markdown conversion
 * (which `serialpress convert` writes out). Without a line, just the file.
 */
export function where(report: Report, line?: number): string {
  if (line === undefined) return report.file;
  if (report.format !== "docx" && report.format !== "html") return `${report.file}:${line}`;
  return `${report.file} (line ${line} of its Markdown; see \`serialpress convert ${report.file}\`)`;
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
