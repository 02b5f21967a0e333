import { createHash } from "node:crypto";
import { v5 as uuidv5 } from "uuid";
import { parseReport } from "../report/parse.js";
import { releaseDates } from "../schedule/cadence.js";
import { isReleased } from "../schedule/gate.js";
import { SlugRegistry } from "../slug.js";
import type { LockedPart, SerialLock } from "../posts/lock.js";
import type { Part, Report, SeriesSettings } from "../types.js";
import { planParts, sectionsWithin, type PlanWarning } from "./plan.js";
import { partTexts } from "./references.js";
import { verifyLossless } from "./verify.js";
import { InputError } from "../errors.js";

/** Namespace for part GUIDs (UUID v5, RFC 9562): fixed, so GUIDs are reproducible. */
const GUID_NAMESPACE = "6f1d4a7e-2b8c-5d3e-9a41-7c0e5b2f8d16";

/** The outcome of splitting a report: parts ready to write, and warnings. */
export interface SplitResult {
  parts: Part[];
  warnings: PlanWarning[];
  /** Words of the report that parts hold (sum of part words). */
  words: number;
  /** Relative image paths the report uses, with their 1-based file line. */
  images: { src: string; line: number }[];
}

/**
 * Splits a report into scheduled parts: parse (markdown-it), plan (size-aware
 * partition), attach travelling definitions, schedule (cadence in the
 * series' zone), and keep identity from a previous lock. Pure: touches no files.
 *
 * With `previous`, a part whose first section id was locked before keeps its
 * id, slug, GUID and, once released at `now`, its release date; a released
 * part whose text changed gets `updated = now`.
 */
export function splitReport(
  report: Report,
  settings: SeriesSettings,
  previous: SerialLock | null,
  now: Date,
): SplitResult {
  const parsed = parseReport(report);
  const { parts: planned, warnings } = planParts(parsed, settings, report.meta.title);
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
  const dates = releaseDates(settings, planned.length);
  const oldBySection = new Map<string, LockedPart>();
  for (const p of previous?.parts ?? []) if (p.sections[0]) oldBySection.set(p.sections[0].id, p);

  const slugs = new SlugRegistry();
  const parts: Part[] = planned.map((plan, k) => {
    const headings = sectionsWithin(
      parsed.sections,
      parsed.blocks[plan.from]!.start,
      parsed.blocks[plan.to - 1]!.end,
    );
    const sections = headings.map(({ id, title, level }) => ({ id, title, level }));
    const anchors: string[] = [];
    for (let b = plan.from; b < plan.to; b++) anchors.push(...(parsed.anchors.get(b) ?? []));
    const old = sections[0] ? oldBySection.get(sections[0].id) : undefined;
    const slug = slugs.claim(old?.slug ?? slugifyTitle(plan.title));
    const id = old?.id ?? slug;
    const released = old ? isReleased(old.date, now) : false;
    return {
      number: k + 1,
      id,
      slug,
      guid: old?.guid ?? `urn:uuid:${uuidv5(`${settings.name}/${id}`, GUID_NAMESPACE)}`,
      title: plan.title,
      date: released ? old!.date : dates[k]!,
      sections,
      anchors,
      opensWithHeading: parsed.blocks[plan.from]!.heading > 0,
      words: plan.words,
      body: texts[k]!.body,
      lines: [
        parsed.blocks[plan.from]!.start + report.bodyOffset + 1,
        parsed.blocks[plan.to - 1]!.end + report.bodyOffset,
      ],
    };
  });
  const bodyLine = (w: PlanWarning) => ({ ...w, line: w.line + report.bodyOffset });
  return {
    parts,
    warnings: warnings.map(bodyLine),
    words: parts.reduce((n, p) => n + p.words, 0),
    images: parsed.images.map((i) => ({ src: i.src, line: i.line + report.bodyOffset + 1 })),
  };
}

function slugifyTitle(title: string): string {
  return new SlugRegistry().next(title);
}

/** sha256 hex digest of a string (UTF-8). */
export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
