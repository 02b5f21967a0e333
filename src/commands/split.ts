import { readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { DateTime } from "luxon";
import { loadReport, where } from "../report/load.js";
import { LOCK_FILE, readLock } from "../posts/lock.js";
import { copyMedia } from "../posts/media.js";
import { writeSeries } from "../posts/write.js";
import { resolveSettings } from "../settings.js";
import { currentTime } from "../schedule/gate.js";
import { sha256, splitReport, type SplitResult } from "../split/split.js";
import type { SeriesSettings } from "../types.js";

/** Options of `serialpress split`, as the CLI passes them. */
export interface SplitCommandOptions {
  report: string;
  /** Folder for the posts and `serial.lock.json`. */
  out: string;
  /** Settings given as flags; they win over the report's front matter. */
  settings: Partial<SeriesSettings>;
  dryRun?: boolean;
  force?: boolean;
  /** Where to print the plan and messages (default: stdout). */
  print?: (line: string) => void;
}

/** What a split did, for the CLI and for tests. */
export interface SplitCommandResult extends SplitResult {
  settings: SeriesSettings;
  written: string[];
  removed: string[];
}

/**
 * `serialpress split`: loads the report, splits and schedules it, prints the
 * plan and (unless `dryRun`) writes the posts and lock into `out`.
 *
 * @throws InputError, SettingError or ConflictError with a message for the editor.
 */
export async function runSplit(options: SplitCommandOptions): Promise<SplitCommandResult> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const report = await loadReport(options.report);
  const previous = await readLock(join(options.out, LOCK_FILE));
  const now = currentTime();
  const timezone =
    options.settings.timezone ??
    report.meta.series.timezone ??
    previous?.settings.timezone ??
    "UTC";
  const today =
    previous?.settings.start ?? DateTime.fromJSDate(now, { zone: String(timezone) }).toISODate()!;
  const settings = resolveSettings(options.settings, report.meta, today);
  const result = splitReport(report, settings, previous, now);

  print(planTable(result));
  for (const w of report.warnings ?? []) {
    const line = w.line === undefined ? undefined : w.line + report.bodyOffset + 1;
    print(`warning: ${where(report, line)}: ${w.message}`);
  }
  for (const w of result.warnings) print(`warning: ${where(report, w.line)}: ${w.message}`);
  if (options.dryRun) {
    print(`Dry run: nothing written. ${result.parts.length} parts, ${result.words} words.`);
    return { ...result, settings, written: [], removed: [] };
  }
  const raw = await readFile(options.report);
  const { written, removed } = await writeSeries(
    options.out,
    {
      parts: result.parts,
      settings,
      series: {
        name: settings.name,
        title: report.meta.title,
        ...(report.meta.subtitle ? { subtitle: report.meta.subtitle } : {}),
        authors: report.meta.authors,
        ...(report.meta.lang ? { lang: report.meta.lang } : {}),
        ...(report.meta.sample ? { sample: report.meta.sample } : {}),
      },
      report: {
        file: relative(process.cwd(), options.report).split(sep).join("/"),
        sha256: sha256(raw),
      },
    },
    { force: options.force, now, previous },
  );
  const media = await copyMedia(options.report, result.images, options.out, report.media);
  for (const w of media.warnings) print(`warning: ${where(report, w.line)}: ${w.message}`);
  print(
    `Wrote ${written.length} file(s) to ${options.out}${removed.length ? `, removed ${removed.length}` : ""}. ${result.parts.length} parts, ${result.words} words.`,
  );
  return { ...result, settings, written, removed };
}

/** The plan as a text table: part, release date, words, title. */
export function planTable(result: SplitResult): string {
  const rows = result.parts.map((p) => [String(p.number), p.date, String(p.words), p.title]);
  const head = ["Part", "Release date", "Words", "Title"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) =>
        i === 3 ? c : i === 2 || i === 0 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!),
      )
      .join("  ");
  return [line(head), ...rows.map(line)].join("\n");
}
