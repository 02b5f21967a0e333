import MarkdownItCtor, { type MarkdownIt } from "markdown-it";
import footnote from "markdown-it-footnote";

/**
 * The markdown-it configuration both the splitter and the site use: CommonMark
 * plus GFM tables and strikethrough (markdown-it's default preset), raw HTML
 * allowed, footnotes (markdown-it-footnote). Splitter and site must agree on
 * what is a block, so both start from this one function.
 */
export function createMarkdown(): MarkdownIt {
  return new MarkdownItCtor({ html: true }).use(footnote);
}

/**
 * A parser for the splitter: footnote definitions stay where they are in the
 * token stream (markdown-it-footnote's `footnote_tail` would move them to the
 * end), so each keeps its place among the top-level blocks.
 */
export function createSplitParser(): MarkdownIt {
  const md = createMarkdown();
  md.core.ruler.disable("footnote_tail");
  return md;
}

const segmenter = new Intl.Segmenter("und", { granularity: "word" });

/**
 * Counts words in Markdown source: word-like segments per Unicode text
 * segmentation (UAX #29, so CJK text counts too), after dropping link
 * destinations and HTML tags, which a reader does not read.
 *
 * Segments line by line (and long lines space by space): V8's segmenter
 * slows down more than linearly on long strings (66 s for one 340 kB
 * string, 70 ms line by line), and no word spans a line break.
 */
export function countWords(markdown: string): number {
  const text = markdown.replace(/\]\([^)\s]*(?:\s+"[^"]*")?\)/g, "]").replace(/<[^>\n]+>/g, " ");
  let n = 0;
  for (const line of text.split("\n")) {
    for (const piece of line.length > 2000 ? line.split(" ") : [line]) {
      for (const segment of segmenter.segment(piece)) if (segment.isWordLike) n++;
    }
  }
  return n;
}
