/**
 * Strings that stay small in memory over a long build. V8 keeps a string
 * built by `+=` (markdown-it's renderer, Nunjucks' output) as a tree of its
 * pieces (a "cons string"), several times the size of its text, until
 * something reads its characters; Eleventy keeps every page's content and
 * output to the end of a build, so a 16x handbook build held its pages as
 * trees (issue 15: 300 held renderings of 3,000 short paragraphs took 140 MiB
 * as trees, 23 MiB flat). And `String.prototype.replace` copies all of a
 * string to change a few characters, where a slice of a flat string shares
 * its characters.
 */

/**
 * The same text, flat: searching a string makes V8 flatten it in place, once
 * (later reads are free). The `flatstr` package's `s | 0` no longer does this
 * on Node 20 (measured with the renderings above: 133 MiB instead of 140),
 * hence this helper.
 */
export function flatten(text: string): string {
  text.indexOf("\0");
  return text;
}

/** One replacement in a text: the UTF-16 range `[start, end)` becomes `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * `text` with each edit applied (edits in order, not overlapping). The text
 * between edits is not copied: the result is made of slices of `text`,
 * which share its characters, and the edits' texts. Returns `text` itself
 * when there is no edit.
 */
export function spliceText(text: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return text;
  let out = "";
  let at = 0;
  for (const edit of edits) {
    out += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + text.slice(at);
}

/**
 * `text` with each match of `pattern` replaced by `replace(match)`, or left
 * as it is when that returns undefined; unlike `String.prototype.replace`,
 * the text between matches is shared, not copied ({@link spliceText}).
 * Returns `text` itself when nothing is replaced.
 *
 * @param pattern a global RegExp (its `lastIndex` is reset first).
 */
export function replaceSharing(
  text: string,
  pattern: RegExp,
  replace: (match: RegExpExecArray) => string | undefined,
): string {
  const edits: TextEdit[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m[0] === "") pattern.lastIndex++; // an empty match would be found again forever
    const replacement = replace(m);
    if (replacement !== undefined)
      edits.push({ start: m.index, end: m.index + m[0].length, text: replacement });
  }
  return spliceText(text, edits);
}
