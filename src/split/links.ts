import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { ParsedReport } from "../report/parse.js";
import { decodeFragment } from "../slug.js";
import type { PlanWarning } from "./plan.js";

/**
 * Finds the report's own links that cannot work on the site: a `#fragment`
 * that names no heading id or HTML anchor in the report, and a relative link
 * to a file that does not exist next to the report (site-absolute `/paths`
 * are left alone: they belong to the site). Such links were broken before
 * the split; the editor is told where, with the 1-based body line.
 */
export function unresolvedLinks(parsed: ParsedReport, reportFile: string): PlanWarning[] {
  const ids = new Set<string>(parsed.sections.map((s) => s.id));
  for (const list of parsed.anchors.values()) list.forEach((a) => ids.add(a));
  const base = dirname(resolve(reportFile));
  const warnings: PlanWarning[] = [];
  for (const { href, line: index } of parsed.links) {
    const line = index + 1;
    if (href.startsWith("#")) {
      const anchor = decodeFragment(href.slice(1));
      if (anchor && !ids.has(anchor)) {
        warnings.push({
          line,
          message: `link to "${href}" matches no heading or anchor in the report`,
        });
      }
      continue;
    }
    if (href.startsWith("/")) continue;
    const path = decodeFragment(href.split(/[?#]/)[0]!);
    if (path && !existsSync(resolve(base, path))) {
      warnings.push({
        line,
        message: `link to "${href}" points at a file that is not next to the report`,
      });
    }
  }
  return warnings;
}
