import { SettingError } from "../errors.js";
import type { UrlPiece, UrlPosition } from "./encode.js";
import { encodeForPosition } from "./encode.js";

/** Placeholders a `url` comment channel's template may use. */
export const PLACEHOLDERS = ["url", "title", "part", "section", "id"] as const;

/** A placeholder name: `{url}`, `{title}`, `{part}`, `{section}` or `{id}`. */
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** A template cut into literal text and placeholders, each placeholder with its URL position. */
export type TemplateToken =
  { literal: string } | { placeholder: Placeholder; position: UrlPosition };

/**
 * Parses a comment URL template such as
 * `https://talk.example.org/t/{id}?title={title}&url={url}` into tokens,
 * noting for each placeholder whether it stands in the path, the query or
 * the fragment (RFC 3986 §3), so its value can be encoded for that place.
 *
 * @param field the settings field the template came from, for messages.
 * @throws SettingError naming `field` when the template is not an absolute
 *   http(s) URL, names an unknown placeholder, has an unmatched `{` or `}`,
 *   or puts a placeholder in the scheme or host.
 */
export function parseTemplate(template: string, field = "comments.template"): TemplateToken[] {
  const fail = (why: string) =>
    new SettingError(
      `${field}: ${why} (got "${template}"). Use an absolute http(s) URL with placeholders ${PLACEHOLDERS.map((p) => `{${p}}`).join(", ")} after the host.`,
    );
  const authority = /^https?:\/\/[^/?#{}]+/i.exec(template);
  if (!authority) throw fail("must start with http:// or https:// and a host without placeholders");
  const tokens: TemplateToken[] = [{ literal: authority[0] }];
  let position: UrlPosition = "path";
  const rest = template.slice(authority[0].length);
  for (const part of rest.split(/(\{[^{}]*\})/)) {
    if (part === "") continue;
    const name = /^\{([^{}]*)\}$/.exec(part)?.[1];
    if (name !== undefined) {
      if (!(PLACEHOLDERS as readonly string[]).includes(name))
        throw fail(`has an unknown placeholder {${name}}`);
      tokens.push({ placeholder: name as Placeholder, position });
      continue;
    }
    if (/[{}]/.test(part)) throw fail("has a { or } that opens or closes no placeholder");
    tokens.push({ literal: part });
    if (position !== "fragment" && part.includes("#")) position = "fragment";
    else if (position === "path" && part.includes("?")) position = "query";
  }
  try {
    new URL(tokens.map((t) => ("literal" in t ? t.literal : "x")).join(""));
  } catch {
    throw fail("is not a valid URL");
  }
  return tokens;
}

/** The text of a placeholder, and the order in which it may be shortened (absent: never). */
export type PlaceholderValues = Record<Placeholder, { value: string; trim?: number }>;

/** Expands parsed template tokens into URL pieces, each value encoded for its position. */
export function expandTemplate(tokens: TemplateToken[], values: PlaceholderValues): UrlPiece[] {
  return tokens.map((t) =>
    "literal" in t
      ? { text: t.literal }
      : {
          text: encodeForPosition(values[t.placeholder].value, t.position),
          trim: values[t.placeholder].trim,
        },
  );
}
