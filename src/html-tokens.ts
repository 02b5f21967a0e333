/**
 * Reading HTML's tags where they stand, with htmlparser2's tokenizer: the
 * balance check of a part's raw HTML (src/site/balance.ts) and the absolute
 * URLs of feed items (src/feed/absolute.ts) need only tag names, attribute
 * names and where each value sits, not a tree.
 */
import { Tokenizer, type TokenizerCallbacks } from "htmlparser2";
import { htmlVoidElements } from "html-void-elements";

/** HTML's void elements (html-void-elements): they never have an end tag. */
export const VOID_ELEMENTS: ReadonlySet<string> = new Set(htmlVoidElements);

const noop = () => {};

/** Every callback htmlparser2's tokenizer makes, doing nothing. */
const SILENT: TokenizerCallbacks = {
  onattribdata: noop,
  onattribentity: noop,
  onattribend: noop,
  onattribname: noop,
  oncdata: noop,
  onclosetag: noop,
  oncomment: noop,
  ondeclaration: noop,
  onend: noop,
  onopentagend: noop,
  onopentagname: noop,
  onprocessinginstruction: noop,
  onselfclosingtag: noop,
  ontext: noop,
  ontextentity: noop,
};

/**
 * Runs htmlparser2's tokenizer over `html` with the given callbacks (the
 * others do nothing). Callbacks get UTF-16 offsets into `html` (`start`
 * inclusive, `end` exclusive); entities are left as written
 * (`decodeEntities: false`), so an attribute value's range is its raw text.
 * Comments and the text of `<script>`, `<style>` and `<textarea>` hold no tags.
 */
export function tokenizeHtml(html: string, callbacks: Partial<TokenizerCallbacks>): void {
  const tokenizer = new Tokenizer({ decodeEntities: false }, { ...SILENT, ...callbacks });
  tokenizer.write(html);
  tokenizer.end();
}
