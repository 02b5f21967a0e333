// Shared state and tree helpers of the HTML → Markdown rules.
import type { Element, Nodes, Parents, Root } from "hast";

/** Metadata found in a converted document's own text (its title page). */
export interface HtmlMeta {
  title?: string;
  subtitle?: string;
  authors: string[];
  date?: string;
  /** BCP 47 language of a web page (`<html lang>`). */
  lang?: string;
}

/** What the rules of `htmlToMarkdown` share while they rewrite one document. */
export interface HtmlState {
  tree: Root;
  meta: HtmlMeta;
  /** Note id (`footnote-37`, `endnote-2`) → Markdown label (see `noteLabel` in notes.ts). */
  notes: Map<string, string>;
  /** `#fragment` targets of the document's own links. */
  targets: Set<string>;
}

/** Visits every element depth-first, children after their parent; `visit` may edit `parent`. */
export function walk(
  root: Root,
  visit: (node: Element, parent: Parents | undefined) => void,
): void {
  const go = (node: Element, parent: Parents | undefined) => {
    visit(node, parent);
    for (const child of [...node.children]) if (child.type === "element") go(child, node);
  };
  for (const child of [...root.children]) if (child.type === "element") go(child, root);
}

/** The text of a node and everything in it, tags dropped. */
export function textOf(node: Nodes): string {
  if (node.type === "text") return node.value;
  if (node.type === "element" || node.type === "root") return node.children.map(textOf).join("");
  return "";
}
