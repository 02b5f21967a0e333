import posthtml from "posthtml";
import { tokenizeHtml, VOID_ELEMENTS } from "../html-tokens.js";

/**
 * Whether an HTML fragment is balanced: every element it opens is closed by
 * its own end tag, innermost first, and no end tag closes nothing. Void
 * elements need no end tag. Anything less regular (an end tag left to be
 * implied, `<div/>`, `</br>`) counts as not balanced. Tags are read by
 * htmlparser2's tokenizer ({@link tokenizeHtml}), so comments, attribute
 * values and the text of `<script>`, `<style>` and `<textarea>` are not
 * taken for tags.
 */
export function isBalanced(html: string): boolean {
  const open: string[] = [];
  let balanced = true;
  let name = "";
  tokenizeHtml(html, {
    onopentagname(start, end) {
      name = html.slice(start, end).toLowerCase();
    },
    onopentagend() {
      if (!VOID_ELEMENTS.has(name)) open.push(name);
    },
    onselfclosingtag() {
      // `<br/>` is a void element written XHTML-style; `<div/>` opens a div in HTML.
      if (!VOID_ELEMENTS.has(name)) balanced = false;
    },
    onclosetag(start, end) {
      if (open.pop() !== html.slice(start, end).toLowerCase()) balanced = false;
    },
  });
  return balanced && open.length === 0;
}

/**
 * Balances an HTML fragment: closes the elements it leaves open, at its end,
 * and drops end tags that close nothing (htmlparser2's reading, through
 * posthtml). A part is a slice of the report, so raw HTML that spans parts
 * (`<div dir="rtl">` in part 1, `</div>` in the last) would otherwise break
 * the page around it. Text, entities and attributes are kept as written.
 * A fragment that is already balanced (`isBalanced`) is returned as it is,
 * without building a tree: most parts with raw HTML (a table, an image) are.
 */
export function balanceHtml(html: string): string {
  if (isBalanced(html)) return html;
  // With `sync: true` (and no async plugin) posthtml returns the result itself; its types only know the Promise.
  const result = posthtml().process(html, { sync: true }) as unknown as { html: string };
  return result.html;
}
