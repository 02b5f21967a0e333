import type { ParsedReport } from "../report/parse.js";
import type { Section } from "../types.js";

/** Size settings for the planner, all in words. */
export interface PlanOptions {
  targetWords: number;
  minWords: number;
  maxWords: number;
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
): { parts: PlannedPart[]; warnings: PlanWarning[] } {
  const { blocks, sections } = parsed;
  const warnings: PlanWarning[] = [];
  if (blocks.length === 0) return { parts: [], warnings };
  const topLevel = Math.min(...sections.map((s) => s.level), 7);
  const atoms: Atom[] = [];
  const blockIndexAt = new Map<number, number>(blocks.map((b, i) => [b.start, i]));
  const words = (from: number, to: number) =>
    blocks.slice(from, to).reduce((n, b) => n + (b.definition ? 0 : b.words), 0);
  const firstHeading = sections[0] ? blockIndexAt.get(sections[0].start)! : blocks.length;
  if (firstHeading > 0)
    atoms.push({
      from: 0,
      to: firstHeading,
      words: words(0, firstHeading),
      cutCost: 0,
      title: null,
    });

  const subtreeEnd = (k: number): number => {
    const s = sections[k]!;
    let j = k + 1;
    while (j < sections.length && sections[j]!.level > s.level) j++;
    return j;
  };
  const blockOf = (k: number) =>
    k < sections.length ? blockIndexAt.get(sections[k]!.start)! : blocks.length;

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
          atoms.push({
            from,
            to: from + 1,
            words: blocks[from]!.words,
            cutCost: depthCost,
            title: s.title,
          });
          for (let b = from + 1; b < ownEnd; b++) {
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
    if (atom.words > options.maxWords) {
      warnings.push({
        line: blocks[atom.from]!.start + 1,
        message: `a block of ${atom.words} words cannot be cut and is larger than the maximum part size (${options.maxWords} words)`,
      });
    }
  }
  return { parts: pack(atoms, options, reportTitle, parsed), warnings };
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
    const [heading] = sectionsWithin(
      parsed.sections,
      parsed.blocks[first.from]!.start,
      parsed.blocks[group.at(-1)!.to - 1]!.end,
    );
    return {
      from: first.from,
      to: group.at(-1)!.to,
      title: first.title ?? heading?.title ?? reportTitle,
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
  let lo = 0;
  let hi = sections.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sections[mid]!.start < from) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < sections.length && sections[end]!.start < to) end++;
  return sections.slice(lo, end);
}
