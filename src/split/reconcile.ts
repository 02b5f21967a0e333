import type { LockedPart, SerialLock } from "../posts/lock.js";
import type { ParsedReport } from "../report/parse.js";
import { isReleased } from "../schedule/gate.js";
import { SlugRegistry } from "../slug.js";
import { blockHash, similarity, textSignature } from "./signature.js";

/** Minimum estimated Jaccard similarity for two sections to be the same section. */
export const SAME_SECTION = 0.5;

/**
 * How the report's current sections relate to the series already locked.
 * Section ids are final: a section recognised from the lock keeps its old id.
 */
export interface SectionMatch {
  /** Final id of each parsed section (same order as `parsed.sections`). */
  ids: string[];
  /** MinHash signature of each parsed section's own text (heading excluded). */
  signatures: string[];
  /** Old id each parsed section was recognised as, or null for a new section. */
  matched: (string | null)[];
}

/** Signatures of every section's own text, the heading excluded. */
export function sectionSignatures(parsed: ParsedReport): string[] {
  return parsed.sections.map((s) =>
    textSignature(parsed.lines.slice(s.start + 1, s.end).join("\n")),
  );
}

/**
 * Recognises the report's sections in a previous lock: first by id (the
 * heading slug is unchanged), then by text signature (the heading was
 * renamed; similarity >= {@link SAME_SECTION}), then by heading text (the
 * text was rewritten under the same heading). A recognised section keeps its
 * locked id, so its permalink anchor and comment thread survive the edit; a
 * new section gets a fresh id that clashes with no id in use.
 */
export function matchSections(parsed: ParsedReport, previous: SerialLock | null): SectionMatch {
  const signatures = sectionSignatures(parsed);
  const old = (previous?.parts ?? []).flatMap((p) => p.sections);
  const matched: (string | null)[] = parsed.sections.map(() => null);
  const taken = new Set<string>();
  const take = (i: number, id: string) => {
    matched[i] = id;
    taken.add(id);
  };
  const oldIds = new Set(old.map((s) => s.id));
  parsed.sections.forEach((s, i) => {
    if (oldIds.has(s.id) && !taken.has(s.id)) take(i, s.id);
  });
  const pairs: { i: number; id: string; score: number }[] = [];
  parsed.sections.forEach((_, i) => {
    if (matched[i]) return;
    for (const o of old) {
      if (taken.has(o.id) || !o.signature) continue;
      const score = similarity(signatures[i]!, o.signature);
      if (score >= SAME_SECTION) pairs.push({ i, id: o.id, score });
    }
  });
  pairs.sort((a, b) => b.score - a.score || a.i - b.i);
  for (const { i, id } of pairs) if (!matched[i] && !taken.has(id)) take(i, id);
  parsed.sections.forEach((s, i) => {
    if (matched[i]) return;
    const same = old.find(
      (o) => !taken.has(o.id) && o.title.trim().toLowerCase() === s.title.trim().toLowerCase(),
    );
    if (same) take(i, same.id);
  });

  const registry = new SlugRegistry();
  for (const id of oldIds) registry.claim(id);
  const ids = parsed.sections.map((s, i) => matched[i] ?? registry.claim(s.id));
  return { ids, signatures, matched };
}

/** Which released part, if any, each top-level block of the report belongs to. */
export interface Ownership {
  /** Released part id per block index, or null for material not yet released. */
  owner: (string | null)[];
  /** Released parts (withdrawn ones included) that own no block any more. */
  vanished: LockedPart[];
}

/**
 * Assigns the report's blocks to the parts already released, so a re-split
 * never moves released text into another part. A block belongs to the
 * released part that held the same text (block hash); a changed block
 * belongs to the part of the block before it in the same section, or to the
 * part that held its section. Each released part keeps one contiguous run
 * (its longest); text it held that moved elsewhere becomes new material.
 * Definitions and other wordless blocks go with the block before them.
 */
export function releasedOwnership(
  parsed: ParsedReport,
  previous: SerialLock,
  match: SectionMatch,
  now: Date,
): Ownership {
  // Withdrawn parts count too: when their text comes back, they come back.
  const released = previous.parts.filter((p) => isReleased(p.date, now));
  const byHash = new Map<string, string | null>();
  const bySection = new Map<string, string>();
  for (const p of released) {
    for (const h of p.blocks ?? [])
      byHash.set(h, byHash.has(h) && byHash.get(h) !== p.id ? null : p.id);
    for (const s of p.sections) if (!bySection.has(s.id)) bySection.set(s.id, p.id);
  }
  const sectionAt = new Map<number, number>();
  parsed.sections.forEach((s, k) => sectionAt.set(s.start, k));
  const owner: (string | null)[] = [];
  let section = -1;
  parsed.blocks.forEach((b, i) => {
    if (sectionAt.has(b.start)) section = sectionAt.get(b.start)!;
    if (b.definition || b.words === 0) {
      owner.push(i > 0 ? owner[i - 1]! : null);
      return;
    }
    const text = parsed.lines.slice(b.start, b.end).join("\n");
    const hashed = byHash.get(blockHash(text));
    if (hashed) return void owner.push(hashed);
    const previousInSection = i > 0 && !sectionAt.has(b.start) ? owner[i - 1] : undefined;
    if (previousInSection !== undefined) return void owner.push(previousInSection);
    owner.push(section >= 0 ? (bySection.get(match.ids[section]!) ?? null) : null);
  });

  // Text before the first heading opens the first part: it goes with what follows it.
  const firstHeading = parsed.blocks.findIndex((b) => b.heading > 0);
  for (let i = (firstHeading < 0 ? owner.length : firstHeading) - 1; i >= 0; i--) {
    if (owner[i] === null) owner[i] = owner[i + 1] ?? null;
  }

  // One contiguous run per released part: keep its longest, free the rest.
  for (const p of released) {
    const runs: { from: number; to: number; words: number }[] = [];
    owner.forEach((o, i) => {
      if (o !== p.id) return;
      const last = runs.at(-1);
      if (last && last.to === i) {
        last.to = i + 1;
        last.words += parsed.blocks[i]!.words;
      } else runs.push({ from: i, to: i + 1, words: parsed.blocks[i]!.words });
    });
    const keep = runs.reduce<(typeof runs)[number] | undefined>(
      (best, r) => (!best || r.words > best.words ? r : best),
      undefined,
    );
    for (const r of runs) if (r !== keep) for (let i = r.from; i < r.to; i++) owner[i] = null;
  }
  const owning = new Set(owner.filter((o): o is string => o !== null));
  return { owner, vanished: released.filter((p) => !owning.has(p.id)) };
}
