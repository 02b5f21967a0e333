// Rule "bookmarks": keep the bookmarks the document links to, inside the block they mark.
import { decodeFragment, slugify } from "../../slug.js";
import { NOTE_ID, NOTE_REF } from "./notes.js";
import { textOf, walk, type HtmlState } from "./state.js";

/**
 * Word writes a bookmark for every heading, table of contents entry and
 * cross-reference target. Only those the document links to are kept, and
 * not where the heading's own id (its slug) already serves; one standing
 * alone between blocks moves into the block after it, so it stays with
 * that block when the report is split.
 */
export function placeBookmarks(state: HtmlState): void {
  walk(state.tree, (node) => {
    const href = String(node.properties.href ?? "");
    if (node.tagName === "a" && href.startsWith("#") && !NOTE_REF.test(href)) {
      state.targets.add(decodeFragment(href.slice(1)));
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
