import type { Token } from "markdown-it";
import { createSplitParser } from "../report/markdown.js";
import type { ParsedReport } from "../report/parse.js";
import type { PlannedPart } from "./plan.js";

const parser = createSplitParser();
const MARKER = "serialpress-ref:";
/** Text in brackets with no unescaped bracket inside: where a label can stand. */
const BRACKETED = /\[((?:[^[\]\\]|\\[\s\S])+)\]/g;

/** Markdown text of each part: its own lines, then the definitions it uses. */
export interface PartText {
  /** The part's own text (travelling definitions removed), without trailing blank lines. */
  own: string;
  /** Link reference and footnote definitions the part uses, in report order. */
  definitions: string;
  /** `own`, a blank line, then `definitions` (or just `own`). */
  body: string;
  /** Indexes of the definition blocks this part carries, in report order. */
  carried: number[];
}

/**
 * Gives every part the link reference definitions (CommonMark §4.7) and
 * footnote definitions it uses, wherever in the report they were written,
 * and removes them from where they stood. A definition used by several parts
 * goes to each of them; one that no part uses stays where it was written, so
 * nothing is lost. Usage is found by markdown-it itself: each definition is
 * pre-registered under a marker destination and the part's links that resolve
 * to a marker name it, so label matching is exactly CommonMark's.
 */
export function partTexts(parsed: ParsedReport, parts: PlannedPart[]): PartText[] {
  const { blocks, lines } = parsed;
  const source = (i: number) => lines.slice(blocks[i]!.start, blocks[i]!.end).join("\n");
  const definitionIndex = new Map<string, number>();
  blocks.forEach((b, i) => {
    if (!b.definition) return;
    const key = `${b.definition.kind}:${b.definition.label}`;
    if (!definitionIndex.has(key)) definitionIndex.set(key, i);
  });
  const probeEnv = () => {
    const references: Record<string, { href: string; title: string }> = {};
    const refs: Record<string, number> = {};
    for (const [key, i] of definitionIndex) {
      const [kind, ...rest] = key.split(":");
      const label = rest.join(":");
      if (kind === "link") references[label] = { href: `${MARKER}${i}`, title: "" };
      else refs[`:${label}`] = -1;
    }
    return { references, footnotes: { refs } };
  };
  // A block can only use a definition if it has its label in brackets: a
  // link label (CommonMark §4.7: no unescaped brackets inside, compared as
  // markdown-it normalizes it) in `[label]`, `[label][]` or `[text][label]`,
  // or a footnote's `[^label]` as written. Only blocks that do are parsed again.
  const linkLabels = new Set<string>();
  const footnoteLabels = new Set<string>();
  for (const key of definitionIndex.keys()) {
    const [kind, ...rest] = key.split(":");
    (kind === "link" ? linkLabels : footnoteLabels).add(rest.join(":"));
  }
  const mentions = (text: string): boolean => {
    for (const [, inner] of text.matchAll(BRACKETED)) {
      if (inner!.startsWith("^") && footnoteLabels.has(inner!.slice(1))) return true;
      if (linkLabels.has(parser.utils.normalizeReference(inner!))) return true;
    }
    return false;
  };
  const used = (indexes: number[]): number[] => {
    const texts = indexes.map(source).filter(mentions);
    if (texts.length === 0) return [];
    const found = new Set<number>();
    const visit = (tokens: Token[]) => {
      for (const t of tokens) {
        const target = String(t.attrGet("href") ?? t.attrGet("src") ?? "");
        if (target.startsWith(MARKER)) found.add(Number(target.slice(MARKER.length)));
        if (t.type === "footnote_ref") {
          const i = definitionIndex.get(`footnote:${t.meta?.label}`);
          if (i !== undefined) found.add(i);
        }
        if (t.children) visit(t.children);
      }
    };
    visit(parser.parse(texts.join("\n\n"), probeEnv()));
    return [...found];
  };

  const ownIndexes = parts.map((p) => range(p.from, p.to).filter((i) => !blocks[i]!.definition));
  const usedBy = parts.map((_, k) => {
    const needed = new Set<number>();
    let frontier = used(ownIndexes[k]!);
    // Footnote text may itself use links or other footnotes: follow to closure.
    while (frontier.length > 0) {
      const fresh = frontier.filter((i) => !needed.has(i));
      fresh.forEach((i) => needed.add(i));
      frontier = fresh.length > 0 ? used(fresh) : [];
    }
    return needed;
  });
  const travelling = new Set<number>(usedBy.flatMap((set) => [...set]));

  return parts.map((part, k) => {
    const keep = range(part.from, part.to).filter((i) => !travelling.has(i));
    const own = keep.length === 0 ? "" : sliceKeeping(lines, blocks, keep);
    const defs = [...usedBy[k]!].sort((a, b) => a - b);
    const linkDefs = defs.filter((i) => blocks[i]!.definition!.kind === "link").map(source);
    const footDefs = defs.filter((i) => blocks[i]!.definition!.kind === "footnote").map(source);
    const definitions = [linkDefs.join("\n"), footDefs.join("\n\n")].filter(Boolean).join("\n\n");
    return {
      own,
      definitions,
      body: definitions ? `${own}\n\n${definitions}\n` : `${own}\n`,
      carried: defs,
    };
  });
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

/** The report's own lines for the kept blocks, with the blank lines between them as written. */
function sliceKeeping(lines: string[], blocks: ParsedReport["blocks"], keep: number[]): string {
  const out: string[] = [];
  keep.forEach((i, n) => {
    const b = blocks[i]!;
    if (n > 0) {
      const prev = blocks[keep[n - 1]!]!;
      const gap = keep[n - 1]! + 1 === i ? lines.slice(prev.end, b.start) : [""];
      out.push(...(gap.length > 0 ? gap : []));
    }
    out.push(...lines.slice(b.start, b.end));
  });
  return out.join("\n").replace(/\n+$/, "");
}
