import { describe, expect, test } from "@jest/globals";
import { commentHtml, hideAddresses, MAX_COMMENT_CHARS } from "../src/discussion/render.js";

const html = (body: string) =>
  commentHtml({ format: "html", body, url: "https://forum.example.org/t/x/1/2" });
const text = (body: string) =>
  commentHtml({ format: "text", body, url: "https://lists.example.org/serial/m1@x/" });

describe("comments are untrusted input", () => {
  test("a script element is removed with its content", () => {
    expect(html("<p>Hi<script>alert(1)</script> there</p>")).toBe("<p>Hi there</p>");
  });

  test("event handlers and inline styles are dropped", () => {
    expect(html('<p onclick="steal()" style="position:fixed">Hello</p>')).toBe("<p>Hello</p>");
  });

  test("a javascript: or data: link keeps its text and loses the link", () => {
    expect(
      html('<p><a href="javascript:alert(1)">click</a> <a href="data:text/html,x">data</a></p>'),
    ).toBe("<p>click data</p>");
  });

  test('links to the web get rel="nofollow ugc noopener" and lose other attributes', () => {
    expect(html('<a href="https://example.org/" target="_blank" title="t">site</a>')).toBe(
      '<a href="https://example.org/" rel="nofollow ugc noopener">site</a>',
    );
  });

  test("an image becomes a link to it, so nothing loads from a comment", () => {
    expect(html('<p><img src="https://tracker.example/p.gif" alt="chart" onerror="x()"></p>')).toBe(
      '<p><a href="https://tracker.example/p.gif" rel="nofollow ugc noopener">[image: chart]</a></p>',
    );
  });

  test("iframes, forms, styles and headings do not survive; a heading becomes strong text", () => {
    expect(
      html('<h1>Big</h1><iframe src="https://x"></iframe><form><input></form><style>p{}</style>'),
    ).toBe("<strong>Big</strong>");
  });

  test("e-mail addresses are never shown, in text or as mailto links", () => {
    expect(
      html(
        '<p>Write to <a href="mailto:ana@example.net">ana@example.net</a> or bob.b+x@mail.example.co.uk</p>',
      ),
    ).toBe("<p>Write to [address hidden] or [address hidden]</p>");
    expect(hideAddresses("José <josé@correo.example.es>")).toBe("José <[address hidden]>");
  });

  test("a plain-text comment is Markdown without raw HTML: tags stay text, links are linkified", () => {
    expect(text("<b>bold?</b> **bold** see https://example.org/a\nnext line")).toBe(
      '<p>&lt;b&gt;bold?&lt;/b&gt; <strong>bold</strong> see <a href="https://example.org/a" rel="nofollow ugc noopener">https://example.org/a</a><br />\nnext line</p>',
    );
  });

  test("a huge comment is cut and links to the original", () => {
    const out = text("word ".repeat(10_000));
    expect(out.length).toBeLessThan(MAX_COMMENT_CHARS + 200);
    expect(
      out.endsWith(
        '<p>… <a href="https://lists.example.org/serial/m1@x/" rel="nofollow ugc noopener">Read the whole comment</a></p>',
      ),
    ).toBe(true);
  });

  test("a cut never splits a character made of two UTF-16 units", () => {
    const out = text("a".repeat(MAX_COMMENT_CHARS - 1) + "😀😀");
    expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});
