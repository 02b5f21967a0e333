import { createHash } from "node:crypto";
import type { Element, ElementContent, Nodes, Parents, Root, Text } from "hast";
import { defaultHandlers, type Handle } from "hast-util-to-mdast";
import type { FootnoteDefinition, Html, Nodes as MdastNodes } from "mdast";
import rehypeParse from "rehype-parse";
import rehypeRemark from "rehype-remark";
import remarkGfm from "remark-gfm";
import remarkStringify from "remark-stringify";
import { unified } from "unified";
import { slugify } from "../slug.js";

/** Metadata found in a converted document's own text (its title page). */
export interface HtmlMeta {
  title?: string;
  subtitle?: string;
  authors: string[];
  date?: string;
}

/**
 * Classes the docx style map gives title-page paragraphs (Word's `Title` and
 * `Subtitle`, pandoc's `Author` and `Date`); before the first heading they are
 * metadata, not body text.
 */
export const META_CLASSES = {
  "sp-title": "title",
  "sp-subtitle": "subtitle",
  "sp-author": "authors",
  "sp-date": "date",
} as const;

/** What the rules below share while they rewrite one document. */
interface HtmlState {
  tree: Root;
  meta: HtmlMeta;
  /** Note id (`footnote-37`, `endnote-2`) → Markdown label (see {@link noteLabel}). */
  notes: Map<string, string>;
  /** `#fragment` targets of the document's own links. */
  targets: Set<string>;
}

const NOTE_REF = /^#((?:foot|end)note-[^#]+)$/;
const NOTE_ID = /^(?:foot|end)note-(?!ref-)/;

/**
 * Rules over mammoth's HTML, in order, each a function of the shared state:
 * the converted document's structure is fixed (mammoth's HTML), so small
 * named rewrites are enough to shape it for Markdown.
 */
const RULES: [string, (state: HtmlState) => void][] = [
  ["metadata", takeMetadata],
  ["notes", labelNotes],
  ["bookmarks", placeBookmarks],
  ["tables", shapeTables],
  ["spaces", moveEdgeSpaces],
];

/**
 * Converts HTML as mammoth writes it (see `docx.ts`) to CommonMark + GFM:
 * headings, lists, tables, code, links and images map to their Markdown;
 * Word's footnotes and endnotes become `[^label]` references with
 * `[^label]:` definitions (labels from the note's text, see
 * {@link noteLabel}; definitions in reading order); bookmarks that the document's own
 * links point at stay as `<a id="…"></a>`; superscript and subscript stay as
 * `<sup>`/`<sub>`. Title-page paragraphs before the first heading are
 * returned as metadata instead of text.
 *
 * @returns Markdown ending in one `\n` (empty string for an empty document).
 */
export function htmlToMarkdown(html: string): { markdown: string; meta: HtmlMeta } {
  const state: HtmlState = {
    tree: { type: "root", children: [] },
    meta: { authors: [] },
    notes: new Map(),
    targets: new Set(),
  };
  const processor = unified()
    .use(rehypeParse, { fragment: true })
    .use(() => (tree: Root) => {
      state.tree = tree;
      for (const [, rule] of RULES) rule(state);
    })
    .use(rehypeRemark, { handlers: handlers(state) })
    .use(remarkGfm)
    .use(remarkStringify, { bullet: "-", fences: true, listItemIndent: "one", rule: "-" });
  const markdown = String(processor.processSync(html));
  return { markdown: markdown.trim() === "" ? "" : markdown, meta: state.meta };
}

/** Title-page paragraphs (see {@link META_CLASSES}) before the first heading become metadata. */
function takeMetadata(state: HtmlState): void {
  const keep: typeof state.tree.children = [];
  let seenHeading = false;
  for (const node of state.tree.children) {
    if (node.type === "element" && /^h[1-6]$/.test(node.tagName)) seenHeading = true;
    const key = !seenHeading && node.type === "element" ? metaKey(node) : undefined;
    const text = key ? textOf(node).replace(/\s+/g, " ").trim() : "";
    if (!key) keep.push(node);
    else if (text && key === "authors") state.meta.authors.push(text);
    else if (text && key !== "authors") state.meta[key] ??= text;
  }
  state.tree.children = keep;
}

function metaKey(node: Element): (typeof META_CLASSES)[keyof typeof META_CLASSES] | undefined {
  const classes = (node.properties.className as string[] | undefined) ?? [];
  for (const c of classes)
    if (c in META_CLASSES) return META_CLASSES[c as keyof typeof META_CLASSES];
  return undefined;
}

/**
 * Labels each note by its own text: the first 8 hex digits of the sha256 of
 * its text, whitespace collapsed (`-2`, `-3`, … after a label already given,
 * in reading order). Numbers in reading order would renumber every later
 * note when one is added, changing the text of every later part, so released
 * parts would be marked updated; a page shows numbers either way. Also
 * drops mammoth's "↑" back-links, which Markdown footnotes make for themselves.
 */
function labelNotes(state: HtmlState): void {
  const order: string[] = [];
  const bodies = new Map<string, Element>();
  walk(state.tree, (node, parent) => {
    const href = String(node.properties.href ?? "");
    const ref = node.tagName === "a" ? NOTE_REF.exec(href) : null;
    if (ref) order.push(ref[1]!);
    if (node.tagName === "li" && NOTE_ID.test(String(node.properties.id ?? "")))
      bodies.set(String(node.properties.id), node);
    if (node.tagName === "a" && /^#(?:foot|end)note-ref-/.test(href) && parent) {
      parent.children = parent.children.filter((c) => c !== node);
    }
  });
  const taken = new Set<string>();
  for (const id of [...order, ...bodies.keys()]) {
    if (state.notes.has(id)) continue;
    const body = bodies.get(id);
    const base = noteLabel(body ? textOf(body) : id);
    let label = base;
    for (let n = 2; taken.has(label); n++) label = `${base}-${n}`;
    taken.add(label);
    state.notes.set(id, label);
  }
}

/** A note's Markdown label from its text: 8 hex digits of the sha256 of the text, whitespace collapsed. */
export function noteLabel(text: string): string {
  const clean = text.replace(/\s+/g, " ").trim();
  return createHash("sha256").update(clean).digest("hex").slice(0, 8);
}

/**
 * Word writes a bookmark for every heading, table of contents entry and
 * cross-reference target. Only those the document links to are kept, and
 * not where the heading's own id (its slug) already serves; one standing
 * alone between blocks moves into the block after it, so it stays with
 * that block when the report is split.
 */
function placeBookmarks(state: HtmlState): void {
  walk(state.tree, (node) => {
    const href = String(node.properties.href ?? "");
    if (node.tagName === "a" && href.startsWith("#") && !NOTE_REF.test(href)) {
      state.targets.add(safeDecode(href.slice(1)));
    }
  });
  walk(state.tree, (node, parent) => {
    if (!parent || node.tagName !== "a" || node.properties.href !== undefined) return;
    const id = String(node.properties.id ?? "");
    if (NOTE_ID.test(id) || /^(?:foot|end)note-ref-/.test(id)) return;
    const index = parent.children.indexOf(node);
    const inHeading = parent.type === "element" && /^h[1-6]$/.test(parent.tagName);
    const wanted =
      id !== "" && state.targets.has(id) && !(inHeading && slugify(textOf(parent)) === id);
    if (!wanted) {
      parent.children.splice(index, 1, ...node.children);
      return;
    }
    const next = parent.children.slice(index + 1).find((c) => c.type === "element");
    if (parent.type === "root" && next?.type === "element" && /^(?:p|h[1-6])$/.test(next.tagName)) {
      parent.children.splice(index, 1);
      next.children.unshift(node);
    }
  });
}

/**
 * A GFM table needs a header row and one line per row, while a Word cell
 * may hold paragraphs and lists. The first row becomes the header when Word
 * marked none (GFM has no headerless table), and each cell's blocks become
 * lines joined by `<br>` (list items prefixed `• ` or `1. `), so no word is
 * glued to the next and no row breaks.
 * https://github.github.com/gfm/#tables-extension-
 */
function shapeTables(state: HtmlState): void {
  walk(state.tree, (table) => {
    if (table.tagName !== "table") return;
    const rows: Element[] = [];
    const collect = (node: Element) => {
      for (const c of node.children) {
        if (c.type !== "element") continue;
        if (c.tagName === "tr") rows.push(c);
        else if (/^(?:thead|tbody|tfoot)$/.test(c.tagName)) collect(c);
      }
    };
    collect(table);
    const cells = (row: Element) =>
      row.children.filter((c): c is Element => c.type === "element" && /^t[dh]$/.test(c.tagName));
    if (!rows.some((r) => cells(r).some((c) => c.tagName === "th"))) {
      for (const cell of rows[0] ? cells(rows[0]) : []) cell.tagName = "th";
    }
    for (const cell of rows.flatMap(cells)) {
      const lines: ElementContent[][] = [];
      cellLines(cell.children, lines, "");
      const kept = lines.filter((l) => l.some((n) => n.type !== "text" || n.value.trim() !== ""));
      cell.children = kept.flatMap((line, k) =>
        k === 0
          ? line
          : [{ type: "element", tagName: "br", properties: {}, children: [] }, ...line],
      );
    }
  });
}

const CELL_BLOCK = /^(?:p|h[1-6]|pre|blockquote|div|table|thead|tbody|tfoot|tr|td|th|li)$/;

/** Appends the lines of a cell's content to `lines`; `prefix` opens the first one. */
function cellLines(nodes: ElementContent[], lines: ElementContent[][], prefix: string): void {
  let line: ElementContent[] | undefined;
  for (const node of nodes) {
    if (node.type === "element" && (node.tagName === "ul" || node.tagName === "ol")) {
      let n = 1;
      for (const li of node.children) {
        if (li.type !== "element") continue;
        cellLines(li.children, lines, node.tagName === "ol" ? `${n++}. ` : "• ");
      }
      line = undefined;
    } else if (node.type === "element" && CELL_BLOCK.test(node.tagName)) {
      cellLines(node.children, lines, prefix);
      prefix = "";
      line = undefined;
    } else {
      if (!line) {
        line = prefix ? [{ type: "text", value: prefix }] : [];
        prefix = "";
        lines.push(line);
      }
      line.push(node);
    }
  }
}

const INLINE_MARKUP = new Set(["strong", "b", "em", "i", "del", "s", "a", "sup", "sub", "code"]);

/**
 * Word runs often end a bold or italic stretch with its space
 * (`<strong>unit </strong>in`); CommonMark cannot close `**` after a space,
 * so remark would write `**unit&#x20;**&#x69;n`. Spaces at the edges of
 * inline markup move outside it, innermost first.
 */
function moveEdgeSpaces(state: HtmlState): void {
  const fix = (parent: Parents) => {
    for (let i = 0; i < parent.children.length; i++) {
      const node = parent.children[i]!;
      if (node.type !== "element") continue;
      fix(node);
      if (!INLINE_MARKUP.has(node.tagName) || node.tagName === "code") continue;
      if (node.tagName === "a" && node.properties.href === undefined) continue; // a bookmark
      if (textOf(node).trim() === "" && !hasImage(node)) {
        parent.children[i] = { type: "text", value: textOf(node) === "" ? "" : " " };
        continue;
      }
      const first = edgeText(node, 0);
      const last = edgeText(node, -1);
      const lead = first ? (/^\s+/.exec(first.value)?.[0] ?? "") : "";
      const trail = last ? (/\s+$/.exec(last.value)?.[0] ?? "") : "";
      if (trail) last!.value = last!.value.slice(0, last!.value.length - trail.length);
      if (lead) first!.value = first!.value.slice(lead.length);
      if (trail) parent.children.splice(i + 1, 0, { type: "text", value: " " });
      if (lead) parent.children.splice(i++, 0, { type: "text", value: " " });
    }
  };
  fix(state.tree);
}

function hasImage(node: Element): boolean {
  return node.children.some((c) => c.type === "element" && (c.tagName === "img" || hasImage(c)));
}

/** The first (`0`) or last (`-1`) text node inside `node`, if text is there. */
function edgeText(node: Element, end: 0 | -1): Text | undefined {
  const child = node.children.at(end);
  if (!child) return undefined;
  if (child.type === "text") return child;
  return child.type === "element" ? edgeText(child, end) : undefined;
}

/** rehype-remark handlers for what the rules above left for Markdown to express. */
function handlers(state: HtmlState): Record<string, Handle> {
  const html = (value: string): Html => ({ type: "html", value });
  const wrapped =
    (tag: string): Handle =>
    (s, node) => [html(`<${tag}>`), ...s.all(node), html(`</${tag}>`)];
  return {
    a(s, node) {
      const href = node.properties.href;
      if (href === undefined && node.properties.id !== undefined) {
        return html(`<a id="${escapeAttribute(String(node.properties.id))}"></a>`);
      }
      const ref = NOTE_REF.exec(String(href ?? ""));
      const label = ref ? state.notes.get(ref[1]!) : undefined;
      if (label) return { type: "footnoteReference", identifier: label, label };
      return defaultHandlers.a(s, node) as MdastNodes;
    },
    sup(s, node) {
      // mammoth wraps a note reference in <sup>; Markdown renders its own.
      const only = node.children.filter((c) => !(c.type === "text" && c.value.trim() === ""));
      const first = only[0];
      if (only.length === 1 && first?.type === "element" && first.tagName === "a") {
        if (NOTE_REF.test(String(first.properties.href ?? ""))) return s.all(node);
      }
      return wrapped("sup")(s, node, undefined);
    },
    sub: wrapped("sub"),
    br(s, node) {
      // In a GFM table cell a Markdown hard break would end the row.
      return s.inTable ? html("<br>") : defaultHandlers.br(s, node);
    },
    ol(s, node) {
      const items = node.children.filter((c): c is Element => c.type === "element");
      const notes = items.map((li) => state.notes.get(String(li.properties.id ?? "")));
      if (items.length === 0 || notes.some((n) => n === undefined)) {
        return defaultHandlers.ol(s, node) as MdastNodes;
      }
      return items.map((li, k): FootnoteDefinition => ({
        type: "footnoteDefinition",
        identifier: notes[k]!,
        label: notes[k]!,
        children: s.toFlow(s.all(li)) as FootnoteDefinition["children"],
      }));
    },
  };
}

/** Visits every element depth-first, children after their parent; `visit` may edit `parent`. */
function walk(root: Root, visit: (node: Element, parent: Parents | undefined) => void): void {
  const go = (node: Element, parent: Parents | undefined) => {
    visit(node, parent);
    for (const child of [...node.children]) if (child.type === "element") go(child, node);
  };
  for (const child of [...root.children]) if (child.type === "element") go(child, root);
}

function textOf(node: Nodes): string {
  if (node.type === "text") return node.value;
  if (node.type === "element" || node.type === "root") return node.children.map(textOf).join("");
  return "";
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}
