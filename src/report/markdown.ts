import MarkdownItCtor, { type MarkdownIt, type PluginSimple } from "markdown-it";
import footnote from "markdown-it-footnote";

/**
 * The markdown-it configuration both the splitter and the site use: CommonMark
 * plus GFM tables and strikethrough (markdown-it's default preset), raw HTML
 * allowed, footnotes (markdown-it-footnote). Splitter and site must agree on
 * what is a block, so both start from this one function.
 */
export function createMarkdown(): MarkdownIt {
  // @types/markdown-it-footnote types the plugin against markdown-it's CommonJS types.
  return new MarkdownItCtor({ html: true }).use(footnote as unknown as PluginSimple);
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
 * Text in which every character is ASCII (but `_`, whose runs ICU tags
 * oddly: `_` is no word but `__` is) or a typographic quote, dash or
 * ellipsis. For such text UAX #29 word boundaries reduce to {@link WORD}:
 * runs of letters and digits (WB5, WB8-WB10), joined across one `.`, `:`
 * or apostrophe between letters (WB6-WB7; ICU keeps `:` as MidLetter) and
 * one `.`, `,`, `;` or apostrophe between digits (WB11-WB12); everything
 * else breaks and is not word-like. tests/words.test.ts checks this against
 * Intl.Segmenter on every string of up to three characters from a
 * representative alphabet and on random text.
 */
const FAST_TEXT = /^[\t\n -^`-~\u2018\u2019\u201C\u201D\u2013\u2014\u2026]*$/;
const WORD =
  /[A-Za-z0-9]+(?:(?:(?<=[A-Za-z])[.:'\u2018\u2019](?=[A-Za-z])|(?<=[0-9])[.,;'\u2018\u2019](?=[0-9]))[A-Za-z0-9]+)*/g;

const fastCount = (text: string): number => text.match(WORD)?.length ?? 0;

/**
 * Counts words in Markdown source: word-like segments per Unicode text
 * segmentation (UAX #29, so CJK text counts too), after dropping link
 * destinations and HTML tags, which a reader does not read.
 *
 * Intl.Segmenter is slow: more than linear on long strings (66 s for one
 * 340 kB string) and about 4 µs a call even on one word. So text made only
 * of ASCII and typographic punctuation (most of an English report) is
 * counted with {@link WORD}, which gives the same count, and the rest is
 * segmented piece by piece between spaces (no word spans a space or a
 * line break).
 */
export function countWords(markdown: string): number {
  const text = markdown.replace(/\]\([^)\s]*(?:\s+"[^"]*")?\)/g, "]").replace(/<[^>\n]+>/g, " ");
  if (FAST_TEXT.test(text)) return fastCount(text);
  let n = 0;
  for (const line of text.split("\n")) {
    if (FAST_TEXT.test(line)) {
      n += fastCount(line);
      continue;
    }
    for (const piece of line.split(" ")) {
      if (FAST_TEXT.test(piece)) n += fastCount(piece);
      else for (const segment of segmenter.segment(piece)) if (segment.isWordLike) n++;
    }
  }
  return n;
}
