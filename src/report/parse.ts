import type { Token } from "markdown-it";
import { headingAttributes, SlugRegistry } from "../slug.js";
import type { Block, Report, Section } from "../types.js";
import { countWords, createSplitParser } from "./markdown.js";

/** A report cut into its top-level blocks and headings. */
export interface ParsedReport {
  /** Body lines (no trailing `\n`). */
  lines: string[];
  /** Top-level blocks in order; together with blank lines they cover the body. */
  blocks: Block[];
  /** Headings in order, each with a unique id (see slug.ts). */
  sections: Section[];
  /** Explicit HTML anchors (`id`/`name` attributes) by the block index holding them. */
  anchors: Map<number, string[]>;
  /** Relative image paths the report uses (CommonMark images), with their 0-based body line. */
  images: { src: string; line: number }[];
  /** Link destinations that are not absolute URLs (`#x`, `file.pdf`), with their 0-based body line. */
  links: { href: string; line: number }[];
}

const parser = createSplitParser();
const ANCHOR = /<[a-z][^>]*?\s(?:id|name)\s*=\s*(?:"([^"]+)"|'([^']+)'|([^\s"'>]+))/gi;

/**
 * Parses a report body with markdown-it into top-level blocks (from token
 * `map`s: CommonMark block structure, so a `#` line in a code fence or HTML
 * block is no heading) and sections. Link reference definitions leave no
 * token; they are found in the lines no token covers.
 */
export function parseReport(report: Report): ParsedReport {
  const lines = report.body.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const tokens = parser.parse(report.body, {});
  const blocks: Block[] = [];
  const anchors = new Map<number, string[]>();
  const headingTitles = new Map<number, string>();
  const images: ParsedReport["images"] = [];
  const links: ParsedReport["links"] = [];

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.level !== 0 || token.nesting === -1) continue;
    const close = token.nesting === 1 ? findClose(tokens, i) : i;
    const inner = tokens.slice(i, close + 1);
    let range = token.map ?? innerRange(inner);
    let definition: Block["definition"];
    if (token.type === "footnote_reference_open") {
      const label = String(token.meta?.label);
      definition = { kind: "footnote", label };
      range = footnoteRange(lines, label, blocks.at(-1)?.end ?? 0, range);
    }
    if (!range) continue;
    const [start, end] = range;
    const blockIndex = blocks.length;
    const heading = token.type === "heading_open" ? Number(token.tag.slice(1)) : 0;
    if (heading) headingTitles.set(blockIndex, plainText(tokens[i + 1]!));
    for (const t of inner) {
      collectAnchors(t, anchors, blockIndex);
      collectImages(t, images, t.map?.[0] ?? start);
      collectLinks(t, links, t.map?.[0] ?? start);
    }
    blocks.push({
      start,
      end,
      heading,
      words: countWords(lines.slice(start, end).join("\n")),
      definition,
    });
    i = close;
  }

  const withDefinitions = addLinkDefinitions(lines, blocks);
  const sections = toSections(
    withDefinitions.blocks,
    headingTitles,
    withDefinitions.indexMap,
    lines.length,
    anchors,
  );
  const remapped = new Map<number, string[]>();
  for (const [index, ids] of anchors) remapped.set(withDefinitions.indexMap[index]!, ids);
  return { lines, blocks: withDefinitions.blocks, sections, anchors: remapped, images, links };
}

function findClose(tokens: Token[], open: number): number {
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    depth += tokens[j]!.nesting;
    if (depth === 0) return j;
  }
  return tokens.length - 1;
}

function innerRange(inner: Token[]): [number, number] | null {
  let start = Infinity;
  let end = -Infinity;
  for (const t of inner) {
    if (!t.map) continue;
    start = Math.min(start, t.map[0]);
    end = Math.max(end, t.map[1]);
  }
  return start === Infinity ? null : [start, end];
}

/** markdown-it-footnote gives its definition token no `map`; find the `[^label]:` line. */
function footnoteRange(
  lines: string[],
  label: string,
  from: number,
  inner: [number, number] | null,
): [number, number] {
  const marker = `[^${label}]:`;
  let start = from;
  while (start < lines.length && !lines[start]!.trimStart().startsWith(marker)) start++;
  const end = Math.max(inner?.[1] ?? 0, start + 1);
  return [start, end];
}

function plainText(inline: Token): string {
  let text = "";
  for (const child of inline.children ?? []) {
    if (child.type === "text" || child.type === "code_inline") text += child.content;
    else if (child.type === "softbreak" || child.type === "hardbreak") text += " ";
    else if (child.type === "image") text += child.content;
  }
  return text.trim();
}

function collectAnchors(token: Token, anchors: Map<number, string[]>, blockIndex: number): void {
  const sources = token.type === "inline" ? (token.children ?? []) : [token];
  for (const t of sources) {
    if (t.type !== "html_block" && t.type !== "html_inline") continue;
    for (const m of t.content.matchAll(ANCHOR)) {
      const id = m[1] ?? m[2] ?? m[3]!;
      const list = anchors.get(blockIndex) ?? [];
      if (!list.includes(id)) list.push(id);
      anchors.set(blockIndex, list);
    }
  }
}

/** Relative image paths: no scheme, not site-absolute, not a fragment. */
function collectImages(token: Token, images: ParsedReport["images"], line: number): void {
  for (const t of token.children ?? []) {
    const src = t.type === "image" ? String(t.attrGet("src") ?? "") : "";
    if (src && !/^(?:[a-z][a-z0-9+.-]*:|\/|#)/i.test(src) && !images.some((i) => i.src === src))
      images.push({ src, line });
  }
}

/** Links that are not absolute URLs: fragments and relative paths. */
function collectLinks(token: Token, links: ParsedReport["links"], line: number): void {
  for (const t of token.children ?? []) {
    const href = t.type === "link_open" ? String(t.attrGet("href") ?? "") : "";
    if (href && !/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(href)) links.push({ href, line });
  }
}

/**
 * Lines that no token covers and that are not blank are link reference
 * definitions (the only CommonMark block that emits no token). Each becomes
 * a block of its own, so it can travel to the parts that use it.
 */
function addLinkDefinitions(
  lines: string[],
  tokenBlocks: Block[],
): { blocks: Block[]; indexMap: number[] } {
  const blocks: Block[] = [];
  const indexMap: number[] = [];
  let cursor = 0;
  const flushGap = (until: number) => {
    let line = cursor;
    while (line < until) {
      if (lines[line]!.trim() === "") {
        line++;
        continue;
      }
      let chunkEnd = line;
      while (chunkEnd < until && lines[chunkEnd]!.trim() !== "") chunkEnd++;
      blocks.push(...definitionBlocks(lines, line, chunkEnd));
      line = chunkEnd;
    }
  };
  tokenBlocks.forEach((block, index) => {
    flushGap(block.start);
    indexMap[index] = blocks.length;
    blocks.push(block);
    cursor = Math.max(cursor, block.end);
  });
  flushGap(lines.length);
  return { blocks, indexMap };
}

/** Splits a run of definition lines into one block per definition, verified by markdown-it. */
function definitionBlocks(lines: string[], start: number, end: number): Block[] {
  const starts: number[] = [];
  for (let l = start; l < end; l++) if (/^ {0,3}\[/.test(lines[l]!)) starts.push(l);
  if (starts[0] !== start) starts.unshift(start);
  const out: Block[] = [];
  for (let k = 0; k < starts.length; k++) {
    const s = starts[k]!;
    const e = starts[k + 1] ?? end;
    const text = lines.slice(s, e).join("\n");
    const env: { references?: Record<string, { href: string; title: string }> } = {};
    const tokens = parser.parse(text, env);
    const labels = Object.keys(env.references ?? {});
    if (tokens.length > 0 || labels.length !== 1) {
      // Not one clean definition per line group: keep the whole run in place.
      return [{ start, end, heading: 0, words: countWords(lines.slice(start, end).join("\n")) }];
    }
    out.push({
      start: s,
      end: e,
      heading: 0,
      words: 0,
      definition: { kind: "link", label: labels[0]! },
    });
  }
  return out;
}

function toSections(
  blocks: Block[],
  titles: Map<number, string>,
  indexMap: number[],
  lineCount: number,
  explicitAnchors: Map<number, string[]>,
): Section[] {
  const slugs = new SlugRegistry();
  // Explicit ids ({#id} on headings, id/name on HTML elements) are taken
  // first, so a generated id never captures a target an author named.
  for (const title of titles.values()) {
    const explicit = headingAttributes(title).id;
    if (explicit) slugs.claim(explicit);
  }
  for (const ids of explicitAnchors.values()) ids.forEach((id) => slugs.claim(id));
  const headingAt = new Map<number, string>();
  titles.forEach((title, original) => headingAt.set(indexMap[original]!, title));
  const sections: Section[] = [];
  blocks.forEach((block, index) => {
    if (!block.heading) {
      const current = sections.at(-1);
      if (current && !block.definition) current.words += block.words;
      return;
    }
    const { title, id } = headingAttributes(headingAt.get(index) ?? "");
    const previous = sections.at(-1);
    if (previous) previous.end = block.start;
    sections.push({
      id: id ?? slugs.next(title),
      title,
      level: block.heading,
      start: block.start,
      end: lineCount,
      words: block.words,
    });
  });
  return sections;
}
