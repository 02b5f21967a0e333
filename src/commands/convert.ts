import { access, mkdir, writeFile } from "node:fs/promises";
import { dirname, extname, join, relative } from "node:path";
import { ConflictError, InputError } from "../errors.js";
import { writeFrontMatter } from "../report/frontmatter.js";
import { frontMatterOf, loadReport } from "../report/load.js";

/** Options of `serialpress convert`, as the CLI passes them. */
export interface ConvertCommandOptions {
  /** A Word (`.docx`) or HTML (`.html`, `.htm`) report. */
  report: string;
  /** Markdown file to write (default: the report's path with `.md`). */
  out?: string;
  /** Overwrite the Markdown file and images if they exist. */
  force?: boolean;
  /** Where to print what was written (default: stdout). */
  print?: (line: string) => void;
}

/** What a conversion wrote. */
export interface ConvertCommandResult {
  /** The Markdown file. */
  file: string;
  /** Image files, next to the Markdown under the relative paths it uses. */
  images: string[];
}

/**
 * `serialpress convert`: writes the Markdown a Word or HTML report is split from
 * (front matter with its title, authors and language, then the body) and
 * its images, so the author can read the lines that split messages name, or
 * go on editing the report as Markdown. Splitting the written file gives the
 * same posts as splitting the .docx.
 *
 * @throws InputError for a report that is not .docx or .html (or cannot be read);
 *   ConflictError when the Markdown file exists and `force` is not set.
 */
export async function runConvert(options: ConvertCommandOptions): Promise<ConvertCommandResult> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  if (![".docx", ".html", ".htm"].includes(extname(options.report).toLowerCase())) {
    throw new InputError(
      options.report,
      undefined,
      "convert reads Word (.docx) and HTML (.html, .htm) reports; a Markdown report is split as it is.",
    );
  }
  const out = options.out ?? options.report.slice(0, -extname(options.report).length) + ".md";
  if (!options.force && (await exists(out))) {
    throw new ConflictError(
      `${out} already exists; give another file with --out, or --force to overwrite it.`,
    );
  }
  const report = await loadReport(options.report);
  const images: string[] = [];
  for (const [src, bytes] of report.media ?? []) {
    const path = join(dirname(out), src);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
    images.push(path);
  }
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, writeFrontMatter(frontMatterOf(report.meta), report.body));
  for (const w of report.warnings ?? []) {
    const at = w.line === undefined ? options.report : `${out}:${w.line + report.bodyOffset + 1}`;
    print(`warning: ${at}: ${w.message}`);
  }
  const folders = [...new Set(images.map((i) => relative(dirname(out), dirname(i))))];
  print(
    `Wrote ${out}${images.length ? ` and ${images.length} image(s) in ${folders.join(", ")}/` : ""}.`,
  );
  return { file: out, images };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
