// Rule "metadata": title-page paragraphs before the first heading become the report's metadata.
import type { Element } from "hast";
import { textOf, type HtmlState } from "./state.js";

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

/** Title-page paragraphs (see {@link META_CLASSES}) before the first heading become metadata. */
export function takeMetadata(state: HtmlState): void {
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
