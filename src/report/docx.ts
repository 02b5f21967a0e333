import { createHash } from "node:crypto";
import createDebug from "debug";
import mammoth from "mammoth";
import { InputError } from "../errors.js";
import type { ReportWarning } from "../types.js";
import { readDocxProperties, type DocxProperties } from "./docx-properties.js";
import { htmlToMarkdown } from "./html-markdown.js";

const debug = createDebug("serialpress:docx");

/** A Word document turned into Markdown, with what it carried inside. */
export interface ConvertedDocx {
  /** CommonMark + GFM + footnotes, `\n` line endings, ending in one `\n`. */
  markdown: string;
  /** Title page text, falling back to the document's properties (File › Info). */
  meta: DocxProperties;
  /** Images by the relative path the Markdown gives them: `images/<sha256 prefix>.<ext>`. */
  media: Map<string, Uint8Array>;
  warnings: ReportWarning[];
}

/** Folder (relative to the report) the Markdown puts a Word document's images in. */
export const DOCX_MEDIA_DIR = "images";

/**
 * Word styles → HTML for mammoth (its style map syntax; these are added to
 * mammoth's defaults, which already map Heading 1-6, lists, bold, italic,
 * tables and footnotes). Covers Word's built-in styles and the ones pandoc
 * writes (`Source Code`, `Verbatim Char`, `Author`, …), so a report made
 * either way keeps its code, quotes and title page.
 * https://github.com/mwilliamson/mammoth.js#writing-style-maps
 */
export const STYLE_MAP = [
  "p[style-name='Title'] => p.sp-title:fresh",
  "p[style-name='Subtitle'] => p.sp-subtitle:fresh",
  "p[style-name='Author'] => p.sp-author:fresh",
  "p[style-name='Date'] => p.sp-date:fresh",
  "p[style-name='Source Code'] => pre:separator('\\n')",
  "p[style-name='HTML Preformatted'] => pre:separator('\\n')",
  "r[style-name='Verbatim Char'] => code",
  "r[style-name='HTML Code'] => code",
  "p[style-name='Quote'] => blockquote > p:fresh",
  "p[style-name='Intense Quote'] => blockquote > p:fresh",
  "p[style-name='Block Text'] => blockquote > p:fresh",
];

/** Paragraph styles that are plain paragraphs on purpose (pandoc's, Word's). */
const PLAIN_STYLES =
  /^(?:First Paragraph|Body Text|Compact|Bibliography|Captioned Figure|Image Caption|Caption|Abstract|Footnote Text|List Paragraph|Normal \(Web\))$/;

/** Image types a browser shows; others are kept but reported. */
const IMAGE_EXTENSIONS: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/gif": "gif",
  "image/svg+xml": "svg",
  "image/webp": "webp",
  "image/avif": "avif",
};

/**
 * Converts a Word document (Office Open XML, ECMA-376) to Markdown with
 * mammoth, then `htmlToMarkdown`. Images are taken out of the document under
 * names made from their content's sha256, so an edit elsewhere never renames
 * them; a hyperlink with no text shows its address instead of vanishing.
 *
 * @param bytes the .docx file's bytes
 * @param file the file's path, for messages
 * @throws InputError when the bytes are not a Word document.
 */
export async function convertDocx(bytes: Uint8Array, file: string): Promise<ConvertedDocx> {
  const media = new Map<string, Uint8Array>();
  const warnings: ReportWarning[] = [];
  const odd = new Map<string, string>(); // image path → its content type, for a warning
  let result: Awaited<ReturnType<typeof mammoth.convertToHtml>>;
  try {
    result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes) },
      {
        styleMap: STYLE_MAP,
        // A document may link images by path or URL; a split reads only the file it was given.
        externalFileAccess: false,
        transformDocument: showEmptyLinks,
        convertImage: mammoth.images.imgElement(async (image) => {
          const data = await image.readAsBuffer();
          const hash = createHash("sha256").update(data).digest("hex").slice(0, 16);
          const ext = IMAGE_EXTENSIONS[image.contentType];
          const src = `${DOCX_MEDIA_DIR}/${hash}.${ext ?? image.contentType.split("/")[1]?.replace(/^x-/, "") ?? "bin"}`;
          if (!ext) odd.set(src, image.contentType);
          media.set(src, new Uint8Array(data));
          return { src };
        }),
      },
    );
  } catch (cause) {
    throw new InputError(
      file,
      undefined,
      `cannot read it as a Word document (.docx): ${(cause as Error).message}. Save it from Word as "Word Document (.docx)".`,
      { cause },
    );
  }
  const ignored = new Set<string>(); // XML elements left out (mammoth says each kind once)
  for (const m of result.messages) {
    debug("mammoth %s: %s", m.type, m.message);
    const element = /^An unrecognised element was ignored: (\S+)$/.exec(m.message);
    if (element) ignored.add(leftOut(element[1]!));
    const style = /^Unrecognised paragraph style: '(.+)' \(Style ID: .*\)$/.exec(m.message);
    if (
      style &&
      /heading|title|chapter|section/i.test(style[1]!) &&
      !PLAIN_STYLES.test(style[1]!)
    ) {
      warnings.push({
        message: `paragraph style "${style[1]}" is not one of Word's Heading 1-6 styles, so its paragraphs are text, not headings that parts can start at; apply Heading 1-6 to them in Word.`,
      });
    }
  }
  for (const message of ignored) warnings.push({ message });
  const { markdown, meta } = htmlToMarkdown(result.value);
  const lines = markdown.split("\n");
  for (const [src, type] of odd) {
    const line = lines.findIndex((l) => l.includes(src));
    warnings.push({
      ...(line >= 0 ? { line } : {}),
      message: `an image is ${type}, which web browsers do not show; in Word, replace it with a PNG, JPEG or SVG copy.`,
    });
  }
  const properties = await readDocxProperties(bytes);
  return {
    markdown,
    meta: {
      title: meta.title ?? properties.title,
      subtitle: meta.subtitle ?? properties.subtitle,
      authors: meta.authors.length > 0 ? meta.authors : properties.authors,
      date: meta.date,
      lang: properties.lang,
    },
    media,
    warnings,
  };
}

/**
 * The warning for Word content mammoth cannot read, from the XML element it
 * names (`m:oMath`, or `{namespace}oMath` in Clark notation).
 */
function leftOut(name: string): string {
  if (/(?:^m:|\/math\})oMath(?:Para)?$/.test(name)) {
    return "equations were left out: Word equations have no Markdown form here; in Word, replace each with a picture of it (or plain text) to keep it.";
  }
  const local = name.replace(/^\{[^}]*\}/, "");
  return `Word content <${local}> was left out: the converter does not read it; check the posts for missing text.`;
}

interface MammothElement {
  type: string;
  children?: MammothElement[];
  href?: string;
  value?: string;
}

/**
 * mammoth drops a hyperlink with no text, and its address with it (pandoc
 * writes such links for bare URLs). Give it its address as text.
 */
function showEmptyLinks(element: MammothElement): MammothElement {
  const children = element.children?.map(showEmptyLinks);
  const out = children ? { ...element, children } : element;
  if (out.type === "hyperlink" && out.href && !hasText(out)) {
    out.children = [{ ...plainRun(), children: [{ type: "text", value: out.href }] }];
  }
  return out;
}

function hasText(element: MammothElement): boolean {
  if (element.type === "text") return (element.value ?? "") !== "";
  if (element.type === "image") return true;
  return (element.children ?? []).some(hasText);
}

/** A run with no formatting, in the shape of mammoth's `documents.Run`. */
function plainRun(): MammothElement {
  return {
    type: "run",
    styleId: null,
    styleName: null,
    isBold: false,
    isUnderline: false,
    isItalic: false,
    isStrikethrough: false,
    isAllCaps: false,
    isSmallCaps: false,
    verticalAlignment: "baseline",
    font: null,
    fontSize: null,
    highlight: null,
  } as MammothElement;
}
