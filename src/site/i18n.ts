/**
 * serialpress's own words in the readers' language: a table per language
 * (src/site/locales/: en, fr, es, pt, ar, ja, hi), chosen by the series'
 * `lang` (BCP 47; its language subtag picks the table). A language with no
 * table, or a key a table lacks, falls back to English with one warning,
 * and the English words are then marked `lang="en"` on the page.
 */
import { ar } from "./locales/ar.js";
import { en, type UiStrings } from "./locales/en.js";
import { es } from "./locales/es.js";
import { fr } from "./locales/fr.js";
import { hi } from "./locales/hi.js";
import { ja } from "./locales/ja.js";
import { pt } from "./locales/pt.js";
import { uiAttributes } from "./direction.js";
import { escapeHtml } from "../escape.js";

/** The locale tables, by language subtag. */
export const LOCALES: Readonly<Record<string, UiStrings>> = { en, fr, es, pt, ar, ja, hi };

/** A key of the locale tables. */
export type UiKey = keyof UiStrings;

/** Values for a message's `{placeholders}`; `n` also picks a plural form. `{ html }` is inserted as is by {@link Ui.html}. */
export type UiParams = Record<string, string | number | { html: string }>;

/** serialpress's words for one page language. */
export interface Ui {
  /** The page language (BCP 47). */
  lang: string;
  /** Whether serialpress's words are in `lang` (a table exists), not English. */
  localized: boolean;
  /** Attributes for an element holding serialpress's words: `lang="en"` when they fell back to English, else empty. */
  attrs: string;
  /** The message as plain text. */
  text(key: UiKey, params?: UiParams): string;
  /** The message as HTML: its text escaped, `{ html }` parameters inserted as they are. */
  html(key: UiKey, params?: UiParams): string;
}

const warned = new Set<string>();
const warnOnce = (message: string, warn: (m: string) => void) => {
  if (warned.has(message)) return;
  warned.add(message);
  warn(message);
};

/**
 * The words for a page language.
 *
 * @param warn told once per missing language or key (default: stderr).
 */
export function uiFor(
  lang: string,
  warn: (message: string) => void = (m) => process.stderr.write(`serialpress: warning: ${m}\n`),
): Ui {
  let language = "en";
  try {
    language = new Intl.Locale(lang).language;
  } catch {
    // An unreadable tag is treated as a language without a table.
  }
  const table = LOCALES[language];
  if (!table)
    warnOnce(
      `no serialpress words in "${lang}"; its pages use English (add src/site/locales/${language}.ts).`,
      warn,
    );
  const plurals = new Intl.PluralRules(table ? lang : "en");
  const message = (key: UiKey, params: UiParams): string => {
    let value = table?.[key];
    if (value === undefined) {
      if (table) warnOnce(`the "${language}" words lack "${key}"; English is used.`, warn);
      value = en[key];
    }
    if (typeof value === "string") return value;
    const n = Number(params.n ?? 0);
    return value[plurals.select(n)] ?? value.other;
  };
  const fill = (template: string, params: UiParams, asHtml: boolean) =>
    template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      if (typeof value === "object")
        return asHtml ? value.html : value.html.replace(/<[^>]*>/g, "");
      return asHtml ? escapeHtml(String(value)) : String(value);
    });
  return {
    lang,
    localized: Boolean(table),
    attrs: table ? "" : uiAttributes(lang),
    text: (key, params = {}) => fill(message(key, params), params, false),
    html: (key, params = {}) => fill(escapeHtml(message(key, params)), params, true),
  };
}
