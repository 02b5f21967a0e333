import { XMLParser } from "fast-xml-parser";
import JSZip from "jszip";

/** Report metadata a Word document states about itself. */
export interface DocxProperties {
  title?: string;
  subtitle?: string;
  authors: string[];
  /** As written on the title page (a `Date` paragraph); core.xml's `created` is the file's, not the report's. */
  date?: string;
  /** BCP 47 tag, e.g. `en-US`. */
  lang?: string;
}

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
});

/**
 * Reads the document properties Word shows under File › Info
 * (`docProps/core.xml`, ECMA-376 Part 2 §11: Dublin Core `title`, `subject`,
 * `creator`, `language`; not `created`, which dates the file, not the report) and the default language of its text (the
 * `w:docDefaults` run language in `word/styles.xml`, Part 1 §17.7.5.1).
 * Word separates several authors with `;`. Missing parts give no value;
 * never throws for a readable zip.
 */
export async function readDocxProperties(bytes: Uint8Array): Promise<DocxProperties> {
  const zip = await JSZip.loadAsync(bytes);
  const read = async (path: string): Promise<Record<string, unknown>> => {
    const text = await zip.file(path)?.async("string");
    if (!text) return {};
    try {
      return parser.parse(text) as Record<string, unknown>;
    } catch {
      return {};
    }
  };
  const core = (await read("docProps/core.xml")).coreProperties as Record<string, unknown>;
  const styles = (await read("word/styles.xml")).styles as Record<string, unknown> | undefined;
  const text = (value: unknown): string | undefined => {
    const s =
      typeof value === "object" && value !== null
        ? (value as { "#text"?: unknown })["#text"]
        : value;
    const clean = typeof s === "string" ? s.replace(/\s+/g, " ").trim() : "";
    return clean === "" ? undefined : clean;
  };
  const creator = text(core?.creator);
  const docDefaultLang = at(styles, ["docDefaults", "rPrDefault", "rPr", "lang", "@val"]);
  const properties: DocxProperties = {
    authors: creator
      ? creator
          .split(";")
          .map((a) => a.trim())
          .filter(Boolean)
      : [],
  };
  const title = text(core?.title);
  const subtitle = text(core?.subject);
  const lang = text(core?.language) ?? text(docDefaultLang);
  if (title) properties.title = title;
  if (subtitle) properties.subtitle = subtitle;
  if (lang) properties.lang = lang;
  return properties;
}

function at(value: unknown, path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
