import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { FileSystemConfigLoader, HtmlValidate } from "html-validate";
import { ROOT } from "./paths.js";
import { listFiles } from "./site.js";

/** One html-validate error: page, line, rule and message. */
export interface HtmlProblem {
  page: string;
  line: number;
  rule: string;
  message: string;
}

/**
 * Validates every `.html` file of a built site with html-validate, using the
 * project's `.htmlvalidate.json` (the recommended preset, see README), and
 * returns every error and warning, empty when all pages pass.
 */
export async function htmlProblems(out: string): Promise<HtmlProblem[]> {
  const config = JSON.parse(await readFile(join(ROOT, ".htmlvalidate.json"), "utf8"));
  const validator = new HtmlValidate(new FileSystemConfigLoader(config));
  const pages = (await listFiles(out)).filter((f) => f.endsWith(".html"));
  const problems: HtmlProblem[] = [];
  for (const page of pages) {
    const report = await validator.validateString(await readFile(join(out, page), "utf8"), page);
    for (const m of report.results.flatMap((r) => r.messages))
      problems.push({ page, line: m.line, rule: m.ruleId, message: m.message });
  }
  return problems;
}
