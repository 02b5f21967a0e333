import { describe, expect, test } from "@jest/globals";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SettingError } from "../src/errors.js";
import { loadSiteSettings } from "../src/site/settings.js";
import { textDirection } from "../src/site/direction.js";
import { balanceHtml, isBalanced, rawHtmlBalanced } from "../src/site/balance.js";
import { createMarkdown } from "../src/report/markdown.js";
import { postPermalink, resolveSettings } from "../src/settings.js";
import type { ReportMeta } from "../src/types.js";
import { readFileSync } from "node:fs";
// @ts-expect-error scripts/validators.js is plain JavaScript without type declarations.
import { VALIDATORS, validatorSource } from "../scripts/validators.js";

const base = {
  title: "T",
  url: "https://example.org",
  lang: "en",
  author: { name: "A" },
};

/** Writes a settings file with `comments` and loads it; returns the settings or the error message. */
async function load(comments: unknown): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), "serialpress-settings-")), "site.json");
  await writeFile(file, JSON.stringify({ ...base, comments }));
  try {
    return JSON.stringify(loadSiteSettings(file, {}).comments);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingError);
    return (error as Error).message.replace(file, "site.json");
  }
}
const invalid = (...lines: string[]) =>
  `site.json: invalid site settings:\n${lines.map((l) => `  ${l}`).join("\n")}\nSee the settings section of README.md.`;

describe("comment channel settings are validated at build start", () => {
  test("every channel's documented shape is accepted", async () => {
    for (const comments of [
      { channel: "mailto", address: "list@example.org" },
      { channel: "github-discussions", repo: "octo-org/octo-repo", category: "q-a" },
      { channel: "github-issues", repo: "octo-org/octo-repo", labels: ["feedback"] },
      { channel: "discourse", url: "https://forum.example.org", category: "reports", tags: ["a"] },
      { channel: "url", template: "https://talk.example.org/t/{id}?u={url}" },
    ])
      expect(await load(comments)).toBe(JSON.stringify(comments));
  });

  test("an unknown channel is named with the accepted values", async () => {
    expect(await load({ channel: "slack", room: "general" })).toBe(
      invalid(
        'comments.channel: must be one of "mailto", "github-discussions", "github-issues", "discourse", "url" (got "slack")',
      ),
    );
  });

  test("a missing channel is one line, with the accepted values", async () => {
    expect(await load({ address: "list@example.org" })).toBe(
      invalid(
        'comments.channel: must be one of "mailto", "github-discussions", "github-issues", "discourse", "url" (is required)',
      ),
    );
  });

  test("a misspelt field and a bad value are named against the channel's own shape", async () => {
    expect(await load({ channel: "github-issues", repo: "octo-repo", lables: ["x"] })).toBe(
      invalid(
        "comments.lables: is not a setting here (allowed: channel, repo, labels, server, hide)",
        'comments.repo: must match pattern "^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$" (got "octo-repo"): GitHub repository as owner/name, e.g. octo-org/octo-repo.',
      ),
    );
  });

  test("a missing required field says what it is for", async () => {
    expect(await load({ channel: "github-discussions", repo: "octo-org/octo-repo" })).toBe(
      invalid(
        "comments.category: is required (Discussion category slug, as in the address of its page, e.g. general or q-a.)",
      ),
    );
  });

  test("a URL template with an unknown placeholder stops the build naming comments.template", async () => {
    expect(await load({ channel: "url", template: "https://talk.example.org/{topic}" })).toBe(
      "site.json: invalid site settings:\n" +
        '  comments.template: has an unknown placeholder {topic} (got "https://talk.example.org/{topic}"). ' +
        "Use an absolute http(s) URL with placeholders {url}, {title}, {part}, {section}, {id} after the host.",
    );
  });
});

describe("writing direction", () => {
  test("right-to-left languages and scripts get rtl, others ltr", () => {
    const tags = [
      "ar",
      "he",
      "fa",
      "ur",
      "yi",
      "ps",
      "ckb",
      "dv",
      "ku-Arab",
      "syr",
      "en",
      "fr-CA",
      "zh",
      "ku",
      "tr",
    ];
    expect(tags.map((t) => `${t}:${textDirection(t)}`)).toEqual([
      "ar:rtl",
      "he:rtl",
      "fa:rtl",
      "ur:rtl",
      "yi:rtl",
      "ps:rtl",
      "ckb:rtl",
      "dv:rtl",
      "ku-Arab:rtl",
      "syr:rtl",
      "en:ltr",
      "fr-CA:ltr",
      "zh:ltr",
      "ku:ltr",
      "tr:ltr",
    ]);
  });

  test("a tag Intl cannot read is ltr", () => {
    expect(textDirection("not a tag")).toBe("ltr");
  });
});

describe("generated schema validators (issue 15)", () => {
  const validators = VALIDATORS as { module: string }[];
  test.each(validators.map((v) => [v.module, v] as const))(
    "%s is what scripts/validators.js writes from its schema today (npm run validators)",
    (module, validator) => {
      expect(readFileSync(join(import.meta.dirname, "..", module), "utf8")).toBe(
        validatorSource(validator),
      );
    },
  );
});

describe("balancing a part's HTML", () => {
  test("an element the part opens is closed at its end; text and entities stay as written", () => {
    expect(balanceHtml('<div dir="rtl" markdown="1">\n<p>a &amp; b &lt;c&gt;</p>\n')).toBe(
      '<div dir="rtl" markdown="1">\n<p>a &amp; b &lt;c&gt;</p>\n</div>',
    );
  });

  test("an end tag that closes nothing in the part is dropped", () => {
    expect(balanceHtml("<p>end</p>\n</div>\n<p>after</p>\n")).toBe("<p>end</p>\n\n<p>after</p>\n");
  });

  test("a part whose HTML is already balanced is returned as it is, unparsed (issue 15)", () => {
    const html = [
      '<table class="t"><tr><td title="a > b">x<br/>y<br></td><td><img src=a.png></td></tr></table>',
      "<!-- <div> in a comment -->",
      "<script>if (a < b) document.write('<div>')</script>",
      "<P>Upper <EM>case</em></p>",
      "",
    ].join("\n");
    expect(isBalanced(html)).toBe(true);
    expect(balanceHtml(html)).toBe(html);
  });

  test.each([
    ["an element left open", "<div><p>a</p>"],
    ["an end tag that closes nothing", "<p>a</p></div>"],
    ["end tags in the wrong order", "<em><strong>a</em></strong>"],
    ["an end tag left to be implied", "<ul><li>a<li>b</ul>"],
    ["a non-void element written self-closing", "<div/><p>a</p>"],
    ["an end tag of a void element", "<p>a</br></p>"],
  ])("%s is not balanced", (_what, html) => {
    expect(isBalanced(html)).toBe(false);
  });
});

describe("judging a part balanced from its raw HTML alone (issue 15)", () => {
  const md = createMarkdown();
  const judged = (markdown: string) => {
    const tokens = md.parse(markdown, {});
    return {
      raw: rawHtmlBalanced(tokens),
      whole: isBalanced(md.renderer.render(tokens, md.options, {})),
    };
  };

  test.each([
    ["an HTML block balanced on its own", "<table>\n<tr><td>a</td></tr>\n</table>\n\ntext\n"],
    ["inline raw tags inside emphasis", "*a <span>b</span>* and <br> and <img src=x.png>\n"],
    ["raw tags around markdown-it's own link", "<kbd>[a](b)</kbd>\n"],
    ["a comment and a void element written XHTML-style", "<!-- <div> -->\n\na<br/>b\n"],
    ["no raw HTML at all", "# Title\n\n*a* [b](c)\n"],
  ])("%s: balanced, without reading the rendered part", (_what, markdown) => {
    expect(judged(markdown)).toEqual({ raw: true, whole: true });
  });

  test.each([
    ["an element one HTML block opens and the part never closes", '<div dir="rtl">\n\ntext\n'],
    ["an end tag that closes nothing", "text\n\n</div>\n"],
    ["a raw tag crossing markdown-it's emphasis", "*a <span>b* c</span>\n"],
    ["an inline element left open", "a <span>b\n"],
  ])("%s: not balanced, and the rendered part is not either", (_what, markdown) => {
    expect(judged(markdown)).toEqual({ raw: false, whole: false });
  });

  test("an element opened in one HTML block and closed in another is left to the whole-part check", () => {
    // Sufficient, not necessary: the rendered part is balanced, the blocks alone are not.
    expect(judged('<div class="box">\n\n*inside*\n\n</div>\n')).toEqual({
      raw: false,
      whole: true,
    });
  });
});

describe("a series' base: where it lives in the site (issue 16)", () => {
  const meta = (series: Record<string, unknown>): ReportMeta => ({
    title: "Report",
    authors: [],
    series,
  });

  test("posts are <base>posts/<slug>/, and the lock records a base only off the site's root", () => {
    expect(postPermalink("method")).toBe("/posts/method/");
    expect(postPermalink("method", "/reports/learning-together/")).toBe(
      "/reports/learning-together/posts/method/",
    );
    expect(resolveSettings({ base: "/" }, meta({}), "2027-01-01").base).toBeUndefined();
    expect(resolveSettings({}, meta({ base: "/reports/cop/" }), "2027-01-01").base).toBe(
      "/reports/cop/",
    );
    // A re-split without the flag keeps the lock's base.
    expect(resolveSettings({}, meta({}), "2027-01-01", { base: "/cop/" }).base).toBe("/cop/");
  });

  test.each([["reports/cop/"], ["/reports/cop"], ["/Reports/"], ["/a b/"], ["//"]])(
    'the base "%s" is refused, naming the report field and the form to write',
    (value) => {
      expect(() =>
        resolveSettings({}, meta({ base: value }), "2027-01-01", undefined, { report: "r.md" }),
      ).toThrow(
        new SettingError(
          `r.md: series.base: base must be a site path with a slash at each end, in lower-case letters, digits, "-", "." or "_" (e.g. /reports/learning-together/), not "${value}".`,
        ),
      );
    },
  );
});
