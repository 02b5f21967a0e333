import posthtml from "posthtml";

/**
 * Balances an HTML fragment: closes the elements it leaves open, at its end,
 * and drops end tags that close nothing (htmlparser2's reading, through
 * posthtml). A part is a slice of the report, so raw HTML that spans parts
 * (`<div dir="rtl">` in part 1, `</div>` in the last) would otherwise break
 * the page around it. Text, entities and attributes are kept as written.
 */
export function balanceHtml(html: string): string {
  // With `sync: true` (and no async plugin) posthtml returns the result itself; its types only know the Promise.
  const result = posthtml().process(html, { sync: true }) as unknown as { html: string };
  return result.html;
}
