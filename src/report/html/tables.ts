// Rule "tables": Word tables shaped so GFM can hold them (a header row, one line per row).
import type { Element, ElementContent } from "hast";
import { walk, type HtmlState } from "./state.js";

/**
 * A GFM table needs a header row and one line per row, while a Word cell
 * may hold paragraphs and lists. The first row becomes the header when Word
 * marked none (GFM has no headerless table), and each cell's blocks become
 * lines joined by `<br>` (list items prefixed `• ` or `1. `), so no word is
 * glued to the next and no row breaks.
 * https://github.github.com/gfm/#tables-extension-
 */
export function shapeTables(state: HtmlState): void {
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
