/**
 * Writing direction of a language, for `<html dir>`.
 *
 * The script decides: a tag's own script subtag (`ku-Arab`), else the
 * likely script CLDR gives the language (`Intl.Locale#maximize`, so `ar` →
 * `Arab`). Node 20's `Intl.Locale#textInfo` is consulted only for scripts
 * not listed here: it calls `dv` (Thaana) and `ku-Arab` left-to-right.
 */

// Right-to-left scripts in use today (ISO 15924 codes of scripts whose letters
// have Unicode Bidi_Class R or AL): Arabic (and its Nastaliq variant), Hebrew,
// Syriac, Thaana, N'Ko, Adlam, Hanifi Rohingya, Mandaic, Samaritan. Historic
// scripts are left to textInfo.
const RTL_SCRIPTS = new Set([
  "Arab",
  "Aran",
  "Hebr",
  "Syrc",
  "Thaa",
  "Nkoo",
  "Adlm",
  "Rohg",
  "Mand",
  "Samr",
]);

/** `rtl` or `ltr` for a BCP 47 language tag such as `ar`, `he-IL`, `ku-Arab` or `en`; `ltr` for a tag Intl cannot read. */
export function textDirection(lang: string): "rtl" | "ltr" {
  let locale: Intl.Locale;
  try {
    locale = new Intl.Locale(lang);
  } catch {
    return "ltr";
  }
  const script = locale.script ?? locale.maximize().script;
  if (script && RTL_SCRIPTS.has(script)) return "rtl";
  const info = (locale as { textInfo?: { direction?: string } }).textInfo;
  return info?.direction === "rtl" ? "rtl" : "ltr";
}

/**
 * Attributes for an element holding serialpress's own words (its templates
 * are in English) on a page in `lang`: `lang="en"`, and `dir="ltr"` on a
 * right-to-left page, so screen readers switch voice and an English
 * sentence keeps its full stop at its end. Empty on an English page.
 * Returned with a leading space, ready to print inside a start tag.
 */
export function uiAttributes(lang: string): string {
  if (/^en(?:-|$)/i.test(lang)) return "";
  return textDirection(lang) === "rtl" ? ' lang="en" dir="ltr"' : ' lang="en"';
}
