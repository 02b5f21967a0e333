// Rules "page" and "ids": a web page's main content, and its ids kept as anchors.
import type { Element, ElementContent, Root } from "hast";
import { decodeFragment, slugify } from "../../slug.js";
import { textOf, walk, type HtmlState } from "./state.js";

const CHROME = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "nav",
  "header",
  "footer",
  "aside",
  "form",
]);

/**
 * Keeps the page's main content: the first `<main>`, else the first
 * `<article>`, else `<body>` without its site chrome (navigation, header,
 * footer, scripts). The report's title comes from the page's first `<h1>`
 * or its `<title>`, its language from `<html lang>`, its authors from
 * `<meta name="author">` (several separated by `;` or `,`).
 */
export function selectMain(state: HtmlState): void {
  let main: Element | undefined;
  let article: Element | undefined;
  let body: Element | undefined;
  walk(state.tree, (node) => {
    if (node.tagName === "html" && node.properties.lang)
      state.meta.lang = String(node.properties.lang);
    if (node.tagName === "title" && !state.meta.title)
      state.meta.title = textOf(node).trim() || undefined;
    if (node.tagName === "meta" && String(node.properties.name).toLowerCase() === "author") {
      state.meta.authors = String(node.properties.content ?? "")
        .split(/[;,]/)
        .map((a) => a.trim())
        .filter(Boolean);
    }
    if (node.tagName === "main" && !main) main = node;
    if (node.tagName === "article" && !article) article = node;
    if (node.tagName === "body" && !body) body = node;
  });
  const chosen = main ?? article ?? body;
  const children: ElementContent[] = chosen ? chosen.children : [];
  const root: Root = {
    type: "root",
    children:
      main || article
        ? children
        : children.filter((c) => !(c.type === "element" && CHROME.has(c.tagName))),
  };
  const h1 = findFirst(root, "h1");
  if (h1) state.meta.title = textOf(h1).trim() || state.meta.title;
  state.tree = root;
}

/**
 * Keeps the page's ids as anchors: a heading's id becomes a `{#id}`
 * attribute (when it differs from the heading's own slug), and another
 * element's id that a link on the page points at becomes an `<a id>` at
 * its start, which the bookmarks rule then keeps.
 */
export function keepIds(state: HtmlState): void {
  const targets = new Set<string>();
  walk(state.tree, (node) => {
    const href = String(node.properties.href ?? "");
    if (node.tagName === "a" && href.startsWith("#")) targets.add(decodeFragment(href.slice(1)));
  });
  walk(state.tree, (node) => {
    const id = node.properties.id === undefined ? "" : String(node.properties.id);
    if (!id || node.tagName === "a") return;
    if (/^h[1-6]$/.test(node.tagName)) {
      if (slugify(textOf(node).trim()) !== id)
        node.children.push({ type: "text", value: ` {#${id}}` });
    } else if (targets.has(id)) {
      node.children.unshift({ type: "element", tagName: "a", properties: { id }, children: [] });
    }
    delete node.properties.id;
  });
}

function findFirst(root: Root, tag: string): Element | undefined {
  let found: Element | undefined;
  walk(root, (node) => {
    if (!found && node.tagName === tag) found = node;
  });
  return found;
}
