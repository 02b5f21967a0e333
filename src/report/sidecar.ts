import { readFile } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import { InputError } from "../errors.js";
import { yaml } from "./frontmatter.js";

/**
 * The settings file of a report that cannot hold front matter (a Word
 * document): `<name>.yaml` beside `<name>.docx`.
 */
export function sidecarPath(report: string): string {
  return join(dirname(report), `${basename(report, extname(report))}.yaml`);
}

/**
 * Reads a report's settings file, if there is one: a YAML mapping with the
 * fields of a Markdown report's front matter (`title`, `authors`, `series:`
 * with `start`, `every`, `time`, `timezone`, …), parsed with the `yaml`
 * library like front matter. Returns null when the file does not exist.
 *
 * @throws InputError naming the settings file and the 1-based line of a
 *   YAML error, or when it is not a mapping.
 */
export async function readSidecar(
  path: string,
): Promise<{ file: string; data: Record<string, unknown> } | null> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new InputError(
      path,
      undefined,
      `cannot read the settings file: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  const doc = yaml().parseDocument(text.replace(/^\uFEFF/, ""), { prettyErrors: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const line = err.linePos ? err.linePos[0].line : 1;
    throw new InputError(path, line, `not valid YAML: ${err.message.split("\n")[0]}`);
  }
  const data = doc.toJS() ?? {};
  if (typeof data !== "object" || Array.isArray(data)) {
    throw new InputError(
      path,
      1,
      "a report's settings file must be a YAML mapping of `key: value` lines, like front matter.",
    );
  }
  return { file: path, data: data as Record<string, unknown> };
}
