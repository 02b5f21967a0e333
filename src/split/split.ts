import { createHash } from "node:crypto";
import { DateTime } from "luxon";
import { v5 as uuidv5 } from "uuid";
import { ConflictError, InputError } from "../errors.js";
import type { LockedPart, SerialLock } from "../posts/lock.js";
import type { ParsedReport } from "../report/parse.js";
import { parseReport } from "../report/parse.js";
import { releaseDates, toIso } from "../schedule/cadence.js";
import { isReleased } from "../schedule/gate.js";
import { partSlug, SlugRegistry } from "../slug.js";
import type { Part, PartStatus, Report, SeriesSettings } from "../types.js";
import { unresolvedLinks } from "./links.js";
import {
  planParts,
  sectionBefore,
  sectionRange,
  sectionsWithin,
  type PlannedPart,
  type PlanWarning,
} from "./plan.js";
import { matchSections, releasedOwnership } from "./reconcile.js";
import { partTexts } from "./references.js";
import { blockHash } from "./signature.js";
import { verifyLossless } from "./verify.js";

/** Namespace for part GUIDs (UUID v5, RFC 9562): fixed, so GUIDs are reproducible. */
const GUID_NAMESPACE = "6f1d4a7e-2b8c-5d3e-9a41-7c0e5b2f8d16";

/** The outcome of splitting a report: parts ready to write, and warnings. */
export interface SplitResult {
  /** Parts in report order; withdrawn parts (no longer in the report) where they stood. */
  parts: Part[];
  warnings: PlanWarning[];
  /** Words of the report that parts hold (sum of part words). */
  words: number;
  /** Relative image paths the report uses, with their 1-based file line. */
  images: { src: string; line: number }[];
}

/** Options of {@link splitReport}. */
export interface SplitOptions {
  /** Ids of released parts whose text left the report, to keep as withdrawn pages. */
  withdraw?: string[];
}

/**
 * Splits a report into scheduled parts: parse (markdown-it), plan (size-aware
 * partition), attach travelling definitions, check nothing was lost, and
 * schedule (cadence in the series' zone). Pure: touches no files.
 *
 * With `previous` (the series' lock), the split reconciles (split/reconcile.ts):
 * sections keep their ids; parts released at `now` keep their text span, id,
 * permalink, GUID and release date, and are marked `updated` when their text
 * changed; the rest of the report is planned afresh, reusing the ids of
 * unreleased parts it overlaps, and scheduled in the cadence's free slots
 * after both the last released part and `now`.
 *
 * @throws ConflictError when a released part's text left the report and its
 *   id is not in `options.withdraw`.
 * @throws InputError if the split would lose or double text (a bug).
 */
export function splitReport(
  report: Report,
  settings: SeriesSettings,
  previous: SerialLock | null,
  now: Date,
  options: SplitOptions = {},
): SplitResult {
  const parsed = parseReport(report);
  const linkWarnings = unresolvedLinks(parsed, report.file);
  const match = matchSections(parsed, previous);
  const aliases = parsed.sections.map((s, i) => (s.id !== match.ids[i] ? s.id : undefined));
  parsed.sections.forEach((s, i) => (s.id = match.ids[i]!));

  const ownership = previous ? releasedOwnership(parsed, previous, match, now) : null;
  const withdrawn = withdrawals(
    previous,
    ownership?.vanished ?? [],
    options.withdraw ?? [],
    settings,
    now,
  );
  const { planned, owners, warnings } = layout(
    parsed,
    settings,
    report.meta.title,
    ownership?.owner,
  );
  disambiguateTitles(planned, owners, parsed);
  const texts = partTexts(parsed, planned);
  const lost = verifyLossless(parsed, planned, texts);
  if (lost.length > 0) {
    // A bug in serialpress, not in the report: refuse to write a lossy series.
    const first = lost[0]!;
    throw new InputError(
      report.file,
      first.line + report.bodyOffset,
      `internal error: block ${first.problem} by the split (${lost.length} problem(s)); please report this with the file.`,
    );
  }

  const oldById = new Map((previous?.parts ?? []).map((p) => [p.id, p]));
  const hashesOf = (plan: PlannedPart) =>
    parsed.blocks
      .slice(plan.from, plan.to)
      .filter((b) => !b.definition && b.words > 0)
      .map((b) => blockHash(parsed.lines.slice(b.start, b.end).join("\n")));
  const hashes = planned.map(hashesOf);
  // Each part's headings, as indexes into parsed.sections, found once.
  const sectionIndexes = planned.map((plan) => {
    const [lo, end] = sectionRange(
      parsed.sections,
      parsed.blocks[plan.from]!.start,
      parsed.blocks[plan.to - 1]!.end,
    );
    return Array.from({ length: end - lo }, (_, n) => lo + n);
  });
  const sectionIdsOf = (k: number) => sectionIndexes[k]!.map((i) => parsed.sections[i]!.id);
  const identity = identities(
    planned,
    owners,
    planned.map((_, k) => [...hashes[k]!, ...sectionIdsOf(k)]),
    previous,
    now,
  );
  const registry = new SlugRegistry();
  for (const old of identity) if (old) registry.claim(old.slug);
  for (const p of withdrawn) registry.claim(p.slug);

  const freeDates = scheduleFree(settings, previous, owners, now);
  let free = 0;
  const stamp = toIso(DateTime.fromJSDate(now, { zone: settings.timezone }));
  const parts: Part[] = planned.map((plan, k) => {
    const indexes = sectionIndexes[k]!;
    const sections = indexes.map((i) => {
      const { id, title, level } = parsed.sections[i]!;
      return aliases[i] ? { id, title, level, alias: aliases[i] } : { id, title, level };
    });
    const anchors: string[] = [];
    for (let b = plan.from; b < plan.to; b++) anchors.push(...(parsed.anchors.get(b) ?? []));
    const old = identity[k];
    const released = owners[k] !== null;
    const slug = old?.slug ?? registry.claim(partSlug(plan.title));
    const id = old?.id ?? slug;
    const body = texts[k]!.body;
    const date = released ? old!.date : freeDates[free++]!;
    const changed = old !== null && old !== undefined && old.hash !== sha256(body);
    return {
      number: 0,
      id,
      slug,
      guid: old?.guid ?? `urn:uuid:${uuidv5(`${settings.name}/${id}`, GUID_NAMESPACE)}`,
      title: plan.title,
      date,
      // A part whose date has passed is published from this split on, as a
      // re-split would record it (so splitting twice gives the same bytes).
      ...(released
        ? { published: old!.published ?? old!.date }
        : isReleased(date, now)
          ? { published: date }
          : {}),
      ...(released && changed
        ? { updated: stamp }
        : old?.updated && released
          ? { updated: old.updated }
          : {}),
      status: statusOf(old, changed, date),
      ...(old && old.date !== date ? { previousDate: old.date } : {}),
      sections,
      anchors,
      opensWithHeading: parsed.blocks[plan.from]!.heading > 0,
      words: plan.words,
      blocks: hashes[k]!,
      signatures: indexes.map((i) => match.signatures[i]!),
      body,
      lines: [
        parsed.blocks[plan.from]!.start + report.bodyOffset + 1,
        parsed.blocks[plan.to - 1]!.end + report.bodyOffset,
      ],
    };
  });
  // A part changes number when material lands before it; say so in the plan.
  const all = placeWithdrawn(parts, withdrawn, previous);
  const numbering = [...all].sort(
    (a, b) => Date.parse(a.date) - Date.parse(b.date) || all.indexOf(a) - all.indexOf(b),
  );
  numbering.forEach((p, i) => (p.number = i + 1));
  for (const p of all) {
    const old = oldById.get(p.id);
    if (old && p.status === "unchanged" && old.number !== p.number) p.status = "moved";
  }

  const bodyLine = (w: PlanWarning) => ({ ...w, line: w.line + report.bodyOffset });
  return {
    parts: all,
    warnings: [...warnings, ...linkWarnings].map(bodyLine).sort((a, b) => a.line - b.line),
    words: parts.reduce((n, p) => n + p.words, 0),
    images: parsed.images.map((i) => ({ src: i.src, line: i.line + report.bodyOffset + 1 })),
  };

  function statusOf(
    old: LockedPart | null | undefined,
    changed: boolean,
    date: string,
  ): PartStatus {
    if (!old) return "new";
    if (changed) return "changed";
    return old.date === date ? "unchanged" : "moved";
  }
}

/**
 * Cuts the report into parts: released parts keep their block runs (from
 * `owner`), and every run of other material is planned on its own. Wordless
 * runs (definitions left between released parts) join the part before them.
 */
function layout(
  parsed: ParsedReport,
  settings: SeriesSettings,
  reportTitle: string,
  owner: (string | null)[] | undefined,
): { planned: PlannedPart[]; owners: (string | null)[]; warnings: PlanWarning[] } {
  if (!owner) {
    const { parts, warnings } = planParts(parsed, settings, reportTitle);
    return { planned: parts, owners: parts.map(() => null), warnings };
  }
  const runs: { from: number; to: number; owner: string | null; words: number }[] = [];
  owner.forEach((o, i) => {
    const words = parsed.blocks[i]!.definition ? 0 : parsed.blocks[i]!.words;
    const last = runs.at(-1);
    if (last && last.owner === o) {
      last.to = i + 1;
      last.words += words;
    } else runs.push({ from: i, to: i + 1, owner: o, words });
  });
  for (let r = 0; r < runs.length; r++) {
    const run = runs[r]!;
    if (run.owner !== null || run.words > 0 || runs.length === 1) continue;
    const host = runs[r - 1] ?? runs[r + 1]!;
    host.from = Math.min(host.from, run.from);
    host.to = Math.max(host.to, run.to);
    runs.splice(r--, 1);
  }
  const planned: PlannedPart[] = [];
  const owners: (string | null)[] = [];
  const warnings: PlanWarning[] = [];
  for (const run of runs) {
    if (run.owner !== null) {
      planned.push({
        from: run.from,
        to: run.to,
        title: titleAt(parsed, run.from, run.to, reportTitle),
        words: run.words,
      });
      owners.push(run.owner);
      continue;
    }
    const plan = planParts(parsed, settings, reportTitle, { from: run.from, to: run.to });
    planned.push(...plan.parts);
    owners.push(...plan.parts.map(() => null));
    warnings.push(...plan.warnings);
  }
  return { planned, owners, warnings };
}

/**
 * Parts that would share a title ("Learning objectives" in every chapter) are
 * named with the heading above theirs: "2. Open Data – Learning objectives".
 * A released part (non-null owner) keeps the title its text gives.
 */
function disambiguateTitles(
  planned: PlannedPart[],
  owners: (string | null)[],
  parsed: ParsedReport,
): void {
  const count = new Map<string, number>();
  for (const p of planned) count.set(p.title, (count.get(p.title) ?? 0) + 1);
  planned.forEach((part, k) => {
    if (count.get(part.title)! < 2 || owners[k] !== null) return;
    const start = parsed.blocks[part.from]!.start;
    // Only a part titled by its own heading; "(continued)" parts say what they continue.
    const own = sectionsWithin(parsed.sections, start, Infinity).find(
      (s) => s.title === part.title,
    );
    if (!own) return;
    const above = sectionBefore(
      parsed.sections,
      own.start,
      (s) => s.level < own.level && s.title !== "",
    );
    if (above) part.title = `${above.title} – ${part.title}`;
  });
}

/** The title of a part spanning blocks `from`..`to`: its first heading, or "<section> (continued)". */
function titleAt(parsed: ParsedReport, from: number, to: number, reportTitle: string): string {
  const start = parsed.blocks[from]!.start;
  const first = sectionsWithin(parsed.sections, start, parsed.blocks[to - 1]!.end).find(
    (s) => s.title !== "",
  );
  if (parsed.blocks[from]!.heading > 0 && first) return first.title;
  const outer = sectionBefore(parsed.sections, start, (s) => s.title !== "");
  if (outer) return `${outer.title} (continued)`;
  return first?.title ?? reportTitle;
}

/**
 * The locked part each planned part continues: a released part by its
 * ownership, an unreleased one by the largest overlap of block hashes and
 * section ids (`keys`, per planned part).
 */
function identities(
  planned: PlannedPart[],
  owners: (string | null)[],
  keys: string[][],
  previous: SerialLock | null,
  now: Date,
): (LockedPart | null)[] {
  const result: (LockedPart | null)[] = planned.map(() => null);
  if (!previous) return result;
  const byId = new Map(previous.parts.map((p) => [p.id, p]));
  const used = new Set<string>();
  owners.forEach((o, k) => {
    if (o) {
      result[k] = byId.get(o)!;
      used.add(o);
    }
  });
  const candidates = previous.parts.filter(
    (p) => !used.has(p.id) && !p.withdrawn && Date.parse(p.date) > now.getTime(),
  );
  const pairs: { k: number; part: LockedPart; overlap: number }[] = [];
  planned.forEach((_, k) => {
    if (owners[k]) return;
    const mine = new Set(keys[k]);
    for (const part of candidates) {
      const theirs = [...(part.blocks ?? []), ...part.sections.map((s) => s.id)];
      const overlap = theirs.filter((h) => mine.has(h)).length;
      if (overlap > 0) pairs.push({ k, part, overlap });
    }
  });
  pairs.sort((a, b) => b.overlap - a.overlap || a.k - b.k);
  for (const { k, part } of pairs) {
    if (result[k] || used.has(part.id)) continue;
    result[k] = part;
    used.add(part.id);
  }
  return result;
}

/**
 * Release dates for the parts not yet released, in report order: the
 * cadence's slots after the last released part and after `now` (never a
 * date in the past once the series has started), or simply the cadence from
 * its start for a series with nothing released.
 */
function scheduleFree(
  settings: SeriesSettings,
  previous: SerialLock | null,
  owners: (string | null)[],
  now: Date,
): string[] {
  const releasedDates = (previous?.parts ?? [])
    .filter((p) => owners.includes(p.id) || p.withdrawn)
    .map((p) => Date.parse(p.date));
  const needed = owners.filter((o) => o === null).length;
  if (releasedDates.length === 0) return releaseDates(settings, needed);
  const after = new Date(Math.max(...releasedDates, now.getTime())).toISOString();
  return releaseDates(settings, needed, { after });
}

/** Released parts whose text left the report: withdrawn on request, else an error. */
function withdrawals(
  previous: SerialLock | null,
  vanished: LockedPart[],
  withdraw: string[],
  settings: SeriesSettings,
  now: Date,
): Part[] {
  const missing = vanished.filter((p) => !p.withdrawn && !withdraw.includes(p.id));
  if (missing.length > 0) {
    throw new ConflictError(
      missing
        .map(
          (p) =>
            `part ${p.number} "${p.title}" (${p.permalink}, released ${p.date}) has no text left in the report.`,
        )
        .join("\n") +
        `\nReleased parts are never dropped silently: restore the text in the report, or split again with ` +
        missing.map((p) => `--withdraw ${p.id}`).join(" ") +
        ` to keep ${missing.length === 1 ? "its page" : "their pages"} with a note that ${missing.length === 1 ? "it was" : "they were"} withdrawn. Nothing was written.`,
    );
  }
  const stamp = toIso(DateTime.fromJSDate(now, { zone: settings.timezone }));
  // Parts withdrawn before stay withdrawn while their text is gone; one whose
  // text came back owns blocks again, so it is not among `vanished`.
  return vanished.map((p) => ({
    number: p.number,
    id: p.id,
    slug: p.slug,
    guid: p.guid,
    title: p.title,
    date: p.date,
    published: p.published ?? p.date,
    ...(p.updated ? { updated: p.updated } : {}),
    withdrawn: p.withdrawn ?? stamp,
    status: "withdrawn" as const,
    sections: p.sections.map(({ id, title, level }) => ({ id, title, level })),
    anchors: p.anchors,
    opensWithHeading: p.opensWithHeading,
    words: p.words,
    blocks: p.blocks ?? [],
    signatures: p.sections.map((s) => s.signature ?? ""),
    body: "",
    lines: [0, 0],
  }));
}

/** Puts withdrawn parts back where they stood in the lock: after the part that preceded them. */
function placeWithdrawn(parts: Part[], withdrawn: Part[], previous: SerialLock | null): Part[] {
  const all = [...parts];
  const order = (previous?.parts ?? []).map((p) => p.id);
  for (const w of withdrawn) {
    const before = order
      .slice(0, order.indexOf(w.id))
      .reverse()
      .find((id) => all.some((p) => p.id === id));
    const at = before ? all.findIndex((p) => p.id === before) + 1 : 0;
    all.splice(at, 0, w);
  }
  return all;
}

/** sha256 hex digest of a string (as UTF-8) or of bytes. */
export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
