import { createRequire } from "node:module";
import type * as Yaml from "yaml";
import { InputError } from "../errors.js";

const require = createRequire(import.meta.url);
let yamlModule: typeof Yaml | undefined;
/**
 * The `yaml` package, loaded at first use: a site build reads a post's front
 * matter only to find the images of a part that has some, and loading `yaml`
 * was 20 ms of every build (issue 15).
 */
export const yaml = (): typeof Yaml => (yamlModule ??= require("yaml") as typeof Yaml);

/** A Markdown file split into its YAML front matter and its body. */
export interface FrontMatterFile {
  /** Parsed front matter (an empty object when there is none). */
  data: Record<string, unknown>;
  /** Text after the closing `---` line. */
  body: string;
  /** Number of lines the front matter block takes (0 when there is none). */
  bodyOffset: number;
}

const OPEN = /^---[ \t]*\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/m;

/**
 * Splits `text` (LF line endings) into YAML front matter and body. The front
 * matter is the block between a first line `---` and the next `---` or `...`
 * line, parsed with the `yaml` library (YAML 1.2 core schema, so `2024-01-05`
 * and `null` stay strings only when quoted: we always quote on write).
 *
 * @throws InputError naming `file` and the 1-based line of a YAML error.
 */
export function readFrontMatter(text: string, file: string): FrontMatterFile {
  if (!OPEN.test(text)) return { data: {}, body: text, bodyOffset: 0 };
  const afterOpen = text.slice(text.indexOf("\n") + 1);
  const close = CLOSE.exec(afterOpen);
  if (!close) {
    throw new InputError(
      file,
      1,
      "front matter opened with `---` is never closed; add a `---` line after it.",
    );
  }
  const yamlText = afterOpen.slice(0, close.index);
  const rest = afterOpen.slice(close.index + close[0].length);
  const body = rest.startsWith("\n") ? rest.slice(1) : rest;
  const doc = yaml().parseDocument(yamlText, { prettyErrors: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const line = err.linePos ? err.linePos[0].line + 1 : 1;
    throw new InputError(
      file,
      line,
      `front matter is not valid YAML: ${err.message.split("\n")[0]}`,
    );
  }
  const data = doc.toJS() ?? {};
  if (typeof data !== "object" || Array.isArray(data)) {
    throw new InputError(file, 2, "front matter must be a YAML mapping of `key: value` lines.");
  }
  const bodyOffset = text.slice(0, text.length - body.length).split("\n").length - 1;
  return { data: data as Record<string, unknown>, body, bodyOffset };
}

/**
 * Writes a Markdown file with YAML front matter. Strings that YAML 1.1
 * readers would take for dates, numbers, booleans or null are quoted, so any
 * value reads back as the same string with either YAML version.
 */
export function writeFrontMatter(data: Record<string, unknown>, body: string): string {
  const yamlText = yaml().stringify(data, { version: "1.1", lineWidth: 0 });
  return `---\n${yamlText}---\n${body}`;
}
