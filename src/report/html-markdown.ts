import type { Element, Root } from "hast";
import { defaultHandlers, type Handle } from "hast-util-to-mdast";
import type { FootnoteDefinition, Html, Nodes as MdastNodes } from "mdast";
import rehypeParse from "rehype-parse";
import rehypeRemark from "rehype-remark";
import remarkGfm from "remark-gfm";
import remarkStringify from "remark-stringify";
import { unified } from "unified";
import { placeBookmarks } from "./html/bookmarks.js";
import { keepIds, selectMain } from "./html/page.js";
import { takeMetadata } from "./html/metadata.js";
import { labelNotes, NOTE_REF } from "./html/notes.js";
import { moveEdgeSpaces } from "./html/spaces.js";
import type { HtmlMeta, HtmlState } from "./html/state.js";
import { shapeTables } from "./html/tables.js";

export { META_CLASSES } from "./html/metadata.js";
export { noteLabel } from "./html/notes.js";
export type { HtmlMeta } from "./html/state.js";

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

/** Rules that come first for a whole web page: keep its main content, keep its ids as anchors. */
const PAGE_RULES: [string, (state: HtmlState) => void][] = [
  ["page", selectMain],
  ["ids", keepIds],
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
export function htmlToMarkdown(
  html: string,
  options: { page?: boolean } = {},
): { markdown: string; meta: HtmlMeta } {
  // A web page (`.html` report) first gives up everything but its main content.
  const rules = options.page ? [...PAGE_RULES, ...RULES] : RULES;
  const state: HtmlState = {
    tree: { type: "root", children: [] },
    meta: { authors: [] },
    notes: new Map(),
    targets: new Set(),
  };
  const processor = unified()
    .use(rehypeParse, { fragment: !options.page })
    .use(() => (tree: Root) => {
      state.tree = tree;
      for (const [, rule] of rules) rule(state);
      return state.tree;
    })
    .use(rehypeRemark, { handlers: handlers(state) })
    .use(remarkGfm)
    .use(remarkStringify, { bullet: "-", fences: true, listItemIndent: "one", rule: "-" });
  const markdown = String(processor.processSync(html));
  return { markdown: markdown.trim() === "" ? "" : markdown, meta: state.meta };
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

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}
