import { readFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { DateTime } from "luxon";
import { ConflictError } from "../errors.js";
import { loadReport, where } from "../report/load.js";
import { sidecarPath } from "../report/sidecar.js";
import { LOCK_FILE, readLock, type SerialLock } from "../posts/lock.js";
import { parseReport } from "../report/parse.js";
import { matchSections } from "../split/reconcile.js";
import type { Report } from "../types.js";
import { copyMedia } from "../posts/media.js";
import { writeSeries } from "../posts/write.js";
import { postPermalink, resolveSettings } from "../settings.js";
import { currentTime } from "../schedule/gate.js";
import { parseSkip, readSkipFile } from "../schedule/skip.js";
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
  /** Ids of released parts whose text left the report, to keep as withdrawn pages. */
  withdraw?: string[];
  /** Where to print the plan and messages (default: stdout). */
  print?: (line: string) => void;
  /** Where to print warnings (default: stderr). */
  warn?: (line: string) => void;
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
  const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  const report = await loadReport(options.report);
  const locked = await readLock(join(options.out, LOCK_FILE));
  const reportPath = relative(process.cwd(), options.report).split(sep).join("/");
  let previous = locked && locked.report.file === reportPath ? locked : null;
  if (locked && !previous) {
    // A report that was moved, renamed or converted (report.docx → report.md)
    // is the same series when most of the locked sections are in it.
    const share = recognisedShare(report, locked);
    const percent = Math.round(share * 100);
    if (share >= SAME_SERIES) {
      previous = locked;
      print(
        `note: ${options.out}/ was split from ${locked.report.file}; ${percent}% of its sections are in ${reportPath}, so this is the same series (its published parts keep their pages, feed ids and dates).`,
      );
    } else if (!options.force && !options.dryRun) {
      throw new ConflictError(
        `${options.out}/ holds the series of ${locked.report.file}, not of ${reportPath} (${percent}% of its sections are in this report). ` +
          `Use another --out folder for this report, or pass --force to replace that series.`,
      );
    } else if (options.dryRun) {
      print(
        `note: ${options.out}/ holds the series of ${locked.report.file}; splitting ${reportPath} there needs --force and replaces that series.`,
      );
    }
  }
  const now = currentTime();
  const timezone =
    options.settings.timezone ??
    report.meta.series.timezone ??
    previous?.settings.timezone ??
    "UTC";
  // The default start only: a locked start comes through resolveSettings.
  const today = DateTime.fromJSDate(now, { zone: String(timezone) }).toISODate()!;
  const settings = await withSkipFile(
    resolveSettings(options.settings, report.meta, today, previous?.settings, {
      report:
        report.format && report.format !== "markdown"
          ? sidecarPath(options.report)
          : options.report,
      lock: join(options.out, LOCK_FILE),
    }),
    options.settings.skipFile ??
      (report.meta.series.skipFile
        ? join(dirname(options.report), String(report.meta.series.skipFile))
        : undefined),
  );
  const result = splitReport(report, settings, previous, now, { withdraw: options.withdraw });

  print(planTable(result, previous !== null));
  for (const w of report.warnings ?? []) {
    const line = w.line === undefined ? undefined : w.line + report.bodyOffset + 1;
    warn(`warning: ${where(report, line)}: ${w.message}`);
  }
  for (const w of result.warnings) warn(`warning: ${where(report, w.line)}: ${w.message}`);
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
      report: { file: reportPath, sha256: sha256(raw) },
    },
    { force: options.force, previous: locked },
  );
  const media = await copyMedia(options.report, result.images, options.out, report.media);
  for (const w of media.warnings) warn(`warning: ${where(report, w.line)}: ${w.message}`);
  print(
    `Wrote ${written.length} file(s) to ${options.out}${removed.length ? `, removed ${removed.length}` : ""}. ${result.parts.length} parts, ${result.words} words.`,
  );
  return { ...result, settings, written, removed };
}

/**
 * Adds the dates of a skip file (a path from the `--skip-file` flag, or the
 * report's `series.skipFile` resolved against the report's folder) to
 * `settings.skip`, so the lock records every skipped day.
 *
 * @throws InputError naming the file and line of a bad entry.
 */
async function withSkipFile(
  settings: SeriesSettings,
  file: string | undefined,
): Promise<SeriesSettings> {
  if (!file) return settings;
  const skip = parseSkip([...(settings.skip ?? []), ...(await readSkipFile(file))]).entries;
  return skip.length ? { ...settings, skip } : settings;
}

/**
 * The plan as a text table, in release order: part, release date, words,
 * title; with `compare`, also how each part differs from the lock (new,
 * changed, unchanged, moved, withdrawn) and the date it had before.
 */
export function planTable(result: SplitResult, compare = false): string {
  const parts = [...result.parts].sort((a, b) => a.number - b.number);
  const rows = parts.map((p) => {
    const title = p.previousDate ? `${p.title} (was ${p.previousDate})` : p.title;
    const cells = [String(p.number), p.date, String(p.words), title];
    return compare ? [cells[0]!, p.status, ...cells.slice(1)] : cells;
  });
  const head = compare
    ? ["Part", "Status", "Release date", "Words", "Title"]
    : ["Part", "Release date", "Words", "Title"];
  const right = new Set([0, head.length - 2]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) =>
        i === head.length - 1 ? c : right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!),
      )
      .join("  ");
  return [line(head), ...rows.map(line)].join("\n");
}

/** The plan as data, for `serialpress plan --json`. */
export function planJson(result: SplitCommandResult): object {
  return {
    series: result.settings.name,
    words: result.words,
    parts: [...result.parts]
      .sort((a, b) => a.number - b.number)
      .map((p) => ({
        number: p.number,
        id: p.id,
        title: p.title,
        permalink: postPermalink(p.slug, result.settings.base),
        date: p.date,
        words: p.words,
        status: p.status,
        previousDate: p.previousDate ?? null,
        sections: p.sections.map((s) => s.id),
      })),
    warnings: result.warnings,
    written: result.written,
  };
}

/** Share of a lock's sections above which another report file is the same series. */
const SAME_SERIES = 0.5;

/** The share (0-1) of the lock's sections that the report's sections are recognised as. */
function recognisedShare(report: Report, locked: SerialLock): number {
  const total = locked.parts.reduce((n, p) => n + p.sections.length, 0);
  if (total === 0) return 0;
  const { matched } = matchSections(parseReport(report), locked);
  return new Set(matched.filter((m): m is string => m !== null)).size / total;
}
