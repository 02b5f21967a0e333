import { describe, expect, test } from "@jest/globals";
import { flatten, replaceSharing } from "../src/strings.js";
import { inWholeReport } from "../src/site/levels.js";

describe("strings kept small over a build (issue 15)", () => {
  test("flatten returns the same text", () => {
    let built = "";
    for (let i = 0; i < 100; i++) built += `<p>${i}</p>\n`;
    const flat = flatten(built);
    expect(flat).toBe(built);
    expect(flat.length).toBe(built.length);
  });

  test("replaceSharing replaces each match the callback answers and keeps the others", () => {
    const text = "a1 b2 c3 d4";
    expect(
      replaceSharing(text, /([a-d])(\d)/g, (m) =>
        Number(m[2]) % 2 === 0 ? `<${m[1]}>` : undefined,
      ),
    ).toBe("a1 <b> c3 <d>");
    expect(replaceSharing(text, /\d/g, () => "")).toBe("a b c d");
  });

  test("replaceSharing returns the text itself when nothing is replaced, and resets lastIndex", () => {
    const pattern = /x/g;
    pattern.lastIndex = 5;
    const text = "no match here";
    expect(replaceSharing(text, pattern, () => "y")).toBe(text);
    expect(replaceSharing("xax", pattern, () => "y")).toBe("yay");
    // An empty match moves on instead of being found again forever.
    expect(replaceSharing("ab", /x*/g, (m) => `[${m.index}]`)).toBe("[0]a[1]b[2]");
  });
});

describe("a part's HTML on the whole-report page", () => {
  const onPage = (permalink: string, fragment: string) =>
    permalink === "/posts/method/" && fragment === "sampling";
  const html = [
    '<h1 id="method" tabindex="-1">Method</h1>',
    '<p>See <a href="/posts/method/#sampling">sampling</a>, <a href="/posts/later/#x">later</a>,',
    '<a href="/posts/method/#discussion-sampling">2 comments</a> and <a href="#own">own</a>.</p>',
    "<h5>Deep</h5><h6>Deepest</h6><header><hgroup></hgroup></header>",
    "",
  ].join("\n");

  test("headings move by the level difference, clamped to h1-h6; links to sections on the page become fragments", () => {
    expect(inWholeReport(html, 1, { onPage })).toBe(
      [
        '<h2 id="method" tabindex="-1">Method</h2>',
        '<p>See <a href="#sampling">sampling</a>, <a href="/posts/later/#x">later</a>,',
        '<a href="/posts/method/#discussion-sampling">2 comments</a> and <a href="#own">own</a>.</p>',
        "<h6>Deep</h6><h6>Deepest</h6><header><hgroup></hgroup></header>",
        "",
      ].join("\n"),
    );
    expect(inWholeReport("<h2>a</h2><h1>b</h1>", -1, { onPage })).toBe("<h1>a</h1><h1>b</h1>");
  });

  test("a part with nothing to change is returned as it is", () => {
    const plain = '<h2 id="a">A</h2><p><a href="/posts/later/#x">x</a></p>';
    expect(inWholeReport(plain, 0, { onPage })).toBe(plain);
  });
});
