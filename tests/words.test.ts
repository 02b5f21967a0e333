import { describe, expect, test } from "@jest/globals";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { countWords } from "../src/report/markdown.js";
import { CORPUS, HAVE_CORPUS, SAMPLE } from "./helpers/paths.js";

// What countWords promises: Intl.Segmenter's word-like segments, line by line,
// after dropping link destinations and HTML tags. Its fast path must agree.
const segmenter = new Intl.Segmenter("und", { granularity: "word" });
function reference(markdown: string): number {
  const text = markdown.replace(/\]\([^)\s]*(?:\s+"[^"]*")?\)/g, "]").replace(/<[^>\n]+>/g, " ");
  let n = 0;
  for (const line of text.split("\n"))
    for (const segment of segmenter.segment(line)) if (segment.isWordLike) n++;
  return n;
}

// One letter and one digit of each case stand for all: UAX #29 treats them alike.
const FAST_ALPHABET = ["a", "Z", "0", "9", "\t", " ", "‘", "’", "“", "”", "–", "—", "…"];
for (let c = 0x21; c < 0x7f; c++) {
  const ch = String.fromCharCode(c);
  if (!/[A-Za-z0-9]/.test(ch)) FAST_ALPHABET.push(ch);
}

describe("word count", () => {
  test("plain English counts words, numbers and contractions as a reader does", () => {
    expect(countWords("It's 3.14, e.g. a don’t-care: 1,000 (ok).")).toBe(8);
    expect(countWords("See [the spec](https://example.org/a/b.html) and <b>this</b>.")).toBe(5);
  });

  test("every string of up to three ASCII or typographic characters counts as Intl.Segmenter does", () => {
    const mismatches: string[] = [];
    const visit = (s: string, depth: number) => {
      if (s && countWords(s) !== reference(s)) mismatches.push(s);
      if (depth > 0) for (const ch of FAST_ALPHABET) visit(s + ch, depth - 1);
    };
    visit("", 3);
    expect(mismatches).toEqual([]);
  });

  test("random text mixing scripts, emoji, marks and punctuation counts as Intl.Segmenter does", () => {
    const piece = fc.constantFrom(
      ...[..."aZ09_.,;:'’‘\"!?()[]-—–…é\u0301 \t\n漢字かなカナ한국어ไทยالعربية#*`@/\\"],
      "🙂",
      "👍🏽",
      "🇳🇱",
      "e.g.",
      "don't",
      "3.14",
      "1,000",
      "[x](https://e.org/a b)",
      "<span>",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join("");
        expect(countWords(text)).toBe(reference(text));
      }),
      { numRuns: 3000, seed: 9 },
    );
  });

  test("every line of the sample and of the corpus reports counts as Intl.Segmenter does", async () => {
    const files = [SAMPLE];
    if (HAVE_CORPUS)
      files.push(
        join(CORPUS, "osth-open-science-training-handbook-en.md"),
        join(CORPUS, "opensource-guide-ar-how-to-contribute.md"),
        join(CORPUS, "commonmark-spec.txt"),
      );
    else console.warn(`SKIPPED corpus lines in the word count test: ${CORPUS} is absent.`);
    for (const file of files) {
      const lines = (await readFile(file, "utf8")).split("\n");
      const differing = lines.filter((line) => countWords(line) !== reference(line));
      expect({ file, differing }).toEqual({ file, differing: [] });
    }
  });
});
