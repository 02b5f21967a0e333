import type { ParsedReport } from "../report/parse.js";
import type { Section } from "../types.js";

/** Size settings for the planner, all in words. */
export interface PlanOptions {
  targetWords: number;
  minWords: number;
  maxWords: number;
  /** Cut before every heading of this level or higher (1-6), and nowhere else; sizes are then ignored. */
  splitLevel?: number;
}

/** A planned part: a contiguous run of top-level blocks. */
export interface PlannedPart {
  /** Index of the first block (inclusive). */
  from: number;
  /** Index after the last block (exclusive). */
  to: number;
  /** Part title: its first heading, or "<section> (continued)" after a cut between paragraphs. */
  title: string;
  /** Words of the part's own blocks (link and footnote definitions excluded). */
  words: number;
}

/** A problem worth telling the editor about, with a 1-based body line. */
export interface PlanWarning {
  line: number;
  message: string;
}

/** An unbreakable unit for the packer. */
interface Atom {
  from: number;
  to: number;
  words: number;
  /** Cost of starting a part at this atom (0 at a chapter, higher deeper down). */
  cutCost: number;
  /** Title for a part that starts here. */
  title: string | null;
}

const CONTINUED = 1.0;

/**
 * Partitions a parsed report into parts that follow its structure and
 * respect the size settings. Sections whose whole subtree fits `maxWords`
 * stay whole; a larger section is opened at its sub-headings and, where it
 * has none, between top-level blocks (never inside a list, table, quote,
 * fence or HTML block). A dynamic programme then packs the units, minimising
 * the squared distance of each part from `targetWords` plus a cost for each
 * cut that grows with heading depth, so short neighbours merge and cuts fall
 * at the highest heading level available.
 */
export function planParts(
  parsed: ParsedReport,
  options: PlanOptions,
  reportTitle: string,
  range?: { from: number; to: number },
): { parts: PlannedPart[]; warnings: PlanWarning[] } {
  const { blocks } = parsed;
  const warnings: PlanWarning[] = [];
  const lo = range?.from ?? 0;
  const hi = range?.to ?? blocks.length;
  if (hi <= lo) return { parts: [], warnings };
  const blockIndexAt = new Map<number, number>(blocks.map((b, i) => [b.start, i]));
  // Only the headings inside the range are planned (a re-split plans around released parts).
  const sections = parsed.sections.filter((s) => {
    const b = blockIndexAt.get(s.start)!;
    return b >= lo && b < hi;
  });
  const topLevel = Math.min(...sections.map((s) => s.level), 7);
  const atoms: Atom[] = [];
  const prefix = [0];
  for (const b of blocks) prefix.push(prefix.at(-1)! + (b.definition ? 0 : b.words));
  const words = (from: number, to: number) => prefix[to]! - prefix[from]!;
  if (options.splitLevel) {
    const parts = atLevel(parsed, options.splitLevel, words, reportTitle, lo, hi);
    for (const p of parts.filter((p) => p.words > options.maxWords)) {
      warnings.push({
        line: blocks[p.from]!.start + 1,
        message: `part "${p.title}" has ${p.words} words, above the maximum (${options.maxWords}), because --split-level ${options.splitLevel} cuts only at headings of level ${options.splitLevel} or higher`,
      });
    }
    return { parts, warnings };
  }
  const firstHeading = sections[0] ? blockIndexAt.get(sections[0].start)! : hi;
  // A range may open inside a section whose heading is in a released part.
  const outer = sectionBefore(parsed.sections, blocks[lo]!.start, (s) => s.title !== "");
  const leadTitle = lo > 0 && outer ? `${outer.title} (continued)` : null;
  if (firstHeading > lo && words(lo, firstHeading) <= options.maxWords) {
    atoms.push({
      from: lo,
      to: firstHeading,
      words: words(lo, firstHeading),
      cutCost: 0,
      title: leadTitle,
    });
  } else {
    // Text before the first heading (or a report with none) too long for one part: cut between blocks.
    for (let b = lo; b < firstHeading; b++) {
      const title =
        b === lo ? leadTitle : `${outer && lo > 0 ? outer.title : reportTitle} (continued)`;
      atoms.push({ from: b, to: b + 1, words: words(b, b + 1), cutCost: CONTINUED, title });
    }
  }

  const subtreeEnd = (k: number): number => {
    const s = sections[k]!;
    let j = k + 1;
    while (j < sections.length && sections[j]!.level > s.level) j++;
    return j;
  };
  const blockOf = (k: number) => (k < sections.length ? blockIndexAt.get(sections[k]!.start)! : hi);

  const flatten = (k: number, end: number): void => {
    // Sections k..end-1 form consecutive sibling subtrees.
    while (k < end) {
      const s: Section = sections[k]!;
      const after = subtreeEnd(k);
      const from = blockOf(k);
      const to = blockOf(after);
      const depthCost = Math.min(s.level - topLevel, 3) * 0.35;
      const total = words(from, to);
      if (total <= options.maxWords || (after === k + 1 && to - from === 1)) {
        atoms.push({ from, to, words: total, cutCost: depthCost, title: s.title });
      } else {
        const ownEnd = blockOf(k + 1);
        const own = words(from, ownEnd);
        if (own <= options.maxWords || ownEnd - from === 1) {
          atoms.push({ from, to: ownEnd, words: own, cutCost: depthCost, title: s.title });
        } else {
          // The heading keeps its first block: a part is never a heading alone.
          atoms.push({
            from,
            to: from + 2,
            words: words(from, from + 2),
            cutCost: depthCost,
            title: s.title,
          });
          for (let b = from + 2; b < ownEnd; b++) {
            const introducesNext = /:\s*$/.test(parsed.lines[blocks[b - 1]!.end - 1] ?? "");
            atoms.push({
              from: b,
              to: b + 1,
              words: words(b, b + 1),
              cutCost: CONTINUED + (introducesNext ? 0.5 : 0),
              title: `${s.title} (continued)`,
            });
          }
        }
        flatten(k + 1, after);
      }
      k = after;
    }
  };
  flatten(0, sections.length);
  mergeDefinitionOnlyAtoms(atoms);

  for (const atom of atoms) {
    if (atom.words <= options.maxWords) continue;
    // Name the block that cannot be cut: the largest in the unit.
    let big = atom.from;
    for (let b = atom.from; b < atom.to; b++) if (words(b, b + 1) > words(big, big + 1)) big = b;
    warnings.push({
      line: blocks[big]!.start + 1,
      message: `a block of ${words(big, big + 1)} words cannot be cut and is larger than the maximum part size (${options.maxWords} words)`,
    });
  }
  return { parts: pack(atoms, options, reportTitle, parsed), warnings };
}

/** `--split-level`: one part per heading of level <= `level` (text before the first joins part 1). */
function atLevel(
  parsed: ParsedReport,
  level: number,
  words: (from: number, to: number) => number,
  reportTitle: string,
  lo: number,
  hi: number,
): PlannedPart[] {
  const starts = parsed.blocks.flatMap((b, i) =>
    b.heading > 0 && b.heading <= level && i > lo && i < hi ? [i] : [],
  );
  const bounds = [lo, ...starts, hi];
  const parts: PlannedPart[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const from = bounds[k]!;
    const to = bounds[k + 1]!;
    if (from === to) continue;
    const heading = parsed.sections.find(
      (s) => s.title !== "" && s.start >= parsed.blocks[from]!.start,
    );
    parts.push({
      from,
      to,
      title: heading && heading.start < parsed.blocks[to - 1]!.end ? heading.title : reportTitle,
      words: words(from, to),
    });
  }
  // Text before the first cut heading is never a part of its own.
  const first = parts[0];
  const opensAtCut =
    first && parsed.blocks[first.from]!.heading > 0 && parsed.blocks[first.from]!.heading <= level;
  if (parts.length > 1 && !opensAtCut) {
    const second = parts[1]!;
    parts.splice(0, 2, {
      from: first!.from,
      to: second.to,
      title: second.title,
      words: first!.words + second.words,
    });
  }
  return parts;
}

/** Trailing definition blocks have no words; keep them with the atom before. */
function mergeDefinitionOnlyAtoms(atoms: Atom[]): void {
  for (let i = atoms.length - 1; i > 0; i--) {
    if (atoms[i]!.words === 0 && atoms[i]!.title?.endsWith("(continued)")) {
      atoms[i - 1]!.to = atoms[i]!.to;
      atoms.splice(i, 1);
    }
  }
}

function sizeCost(words: number, o: PlanOptions): number {
  const d = (words - o.targetWords) / o.targetWords;
  return d * d + (words < o.minWords ? 1 : 0);
}

function pack(
  atoms: Atom[],
  o: PlanOptions,
  reportTitle: string,
  parsed: ParsedReport,
): PlannedPart[] {
  const n = atoms.length;
  const best = new Array<number>(n + 1).fill(Infinity);
  const from = new Array<number>(n + 1).fill(0);
  best[0] = 0;
  for (let j = 1; j <= n; j++) {
    let w = 0;
    for (let i = j - 1; i >= 0; i--) {
      w += atoms[i]!.words;
      if (w > o.maxWords && i < j - 1) break;
      const cost = best[i]! + sizeCost(w, o) + (i > 0 ? atoms[i]!.cutCost : 0);
      if (cost < best[j]!) {
        best[j] = cost;
        from[j] = i;
      }
    }
  }
  const cuts: number[] = [];
  for (let j = n; j > 0; j = from[j]!) cuts.unshift(from[j]!);
  return cuts.map((i, k) => {
    const end = k + 1 < cuts.length ? cuts[k + 1]! : n;
    const group = atoms.slice(i, end);
    const first = group[0]!;
    // A heading with no text (an icon image, say) does not title a part: the next one does.
    const heading = sectionsWithin(
      parsed.sections,
      parsed.blocks[first.from]!.start,
      parsed.blocks[group.at(-1)!.to - 1]!.end,
    ).find((s) => s.title !== "");
    return {
      from: first.from,
      to: group.at(-1)!.to,
      title: first.title || heading?.title || reportTitle,
      words: group.reduce((sum, a) => sum + a.words, 0),
    };
  });
}

/**
 * The sections whose heading line lies in body lines `[from, to)`, in order.
 * `sections` must be sorted by `start` (as parseReport gives them); a binary
 * search keeps this O(log n) a call, so a split stays linear in the report.
 */
export function sectionsWithin(sections: Section[], from: number, to: number): Section[] {
  const [lo, end] = sectionRange(sections, from, to);
  return sections.slice(lo, end);
}

/** Indexes `[lo, end)` of the sections whose heading line lies in `[from, to)` (see {@link sectionsWithin}). */
export function sectionRange(sections: Section[], from: number, to: number): [number, number] {
  let lo = 0;
  let hi = sections.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sections[mid]!.start < from) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < sections.length && sections[end]!.start < to) end++;
  return [lo, end];
}

/**
 * The nearest section whose heading lies before body line `line` and that
 * `accept`s, searching back from a binary-searched start (so a lookup per
 * part stays cheap on a book-length report).
 */
export function sectionBefore(
  sections: Section[],
  line: number,
  accept: (s: Section) => boolean = () => true,
): Section | undefined {
  const [lo] = sectionRange(sections, line, line);
  for (let i = lo - 1; i >= 0; i--) if (accept(sections[i]!)) return sections[i];
  return undefined;
}
