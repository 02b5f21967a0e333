// Rule "spaces": spaces at the edges of bold, italic and links move outside them.
import type { Element, Parents, Text } from "hast";
import { textOf, type HtmlState } from "./state.js";

const INLINE_MARKUP = new Set(["strong", "b", "em", "i", "del", "s", "a", "sup", "sub", "code"]);

/**
 * Word runs often end a bold or italic stretch with its space
 * (`<strong>unit </strong>in`); CommonMark cannot close `**` after a space,
 * so remark would write `**unit&#x20;**&#x69;n`. Spaces at the edges of
 * inline markup move outside it, innermost first.
 */
export function moveEdgeSpaces(state: HtmlState): void {
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
