import type { Report, SeriesSettings } from "../../src/types.js";
import { readFrontMatter } from "../../src/report/frontmatter.js";

/** An in-memory report from Markdown text (front matter allowed). */
export function reportFrom(markdown: string, file = "test.md"): Report {
  const { data, body, bodyOffset } = readFrontMatter(markdown, file);
  return {
    file,
    body,
    bodyOffset,
    meta: { title: String(data.title ?? "Test report"), authors: [], series: {} },
  };
}

/** Series settings for tests: weekly from 2027-01-05 09:00 Europe/Amsterdam. */
export function settings(overrides: Partial<SeriesSettings> = {}): SeriesSettings {
  return {
    name: "Test series",
    start: "2027-01-05",
    every: "week",
    time: "09:00",
    timezone: "Europe/Amsterdam",
    targetWords: 800,
    minWords: 400,
    maxWords: 1600,
    ...overrides,
  };
}

/** `n` words of filler prose ("w1 w2 …") split into paragraphs of `perParagraph` words. */
export function prose(n: number, perParagraph = 100, word = "word"): string {
  const words = Array.from({ length: n }, (_, i) => `${word}${i + 1}`);
  const paragraphs: string[] = [];
  for (let i = 0; i < words.length; i += perParagraph)
    paragraphs.push(words.slice(i, i + perParagraph).join(" "));
  return paragraphs.join("\n\n");
}
