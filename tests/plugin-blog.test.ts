// Issue 16: serialpress as a plugin inside an existing Eleventy site. The
// fixture (tests/fixtures/blog) has eleventy-base-blog's shape: input
// content/, includes ../_includes, its own markdown-it (options and a rule),
// layouts, tagged collection, feed and CNAME, and Nunjucks as its Markdown
// template engine. It imports serialpress by package name, as after `npm i`.
import { beforeAll, describe, expect, test } from "@jest/globals";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { XMLParser } from "fast-xml-parser";
import { runSplit } from "../src/commands/split.js";
import { build, listFiles, makeSite, splitInto } from "./helpers/site.js";
import { ROOT } from "./helpers/paths.js";

const run = promisify(execFile);
const FIXTURE = join(ROOT, "tests/fixtures/blog");
const POSTS = "content/learning-together/posts";

/** A copy of the blog with node_modules holding this package as `serialpress` and its dependencies. */
async function makeBlog(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "serialpress-blog-"));
  await cp(FIXTURE, dir, { recursive: true });
  await mkdir(join(dir, "node_modules"));
  for (const name of await readdir(join(ROOT, "node_modules"))) {
    if (name === "serialpress" || name === ".package-lock.json") continue;
    await symlink(join(ROOT, "node_modules", name), join(dir, "node_modules", name));
  }
  await symlink(ROOT, join(dir, "node_modules/serialpress"));
  await runSplit({
    report: join(dir, "reports/learning-together.md"),
    out: join(dir, POSTS),
    settings: {
      base: "/learning-together/",
      start: "2026-11-03",
      every: "week",
      timezone: "Europe/Amsterdam",
      targetWords: 20,
      minWords: 5,
      maxWords: 60,
    },
    print: () => {},
    warn: () => {},
  });
  return dir;
}

/** Eleventy's own CLI in the blog, as its owner runs it. */
function eleventy(dir: string, now: string, args: string[] = [], env: Record<string, string> = {}) {
  return run(
    process.execPath,
    [join(dir, "node_modules/@11ty/eleventy/cmd.cjs"), "--quiet", ...args],
    { cwd: dir, env: { ...process.env, SERIAL_NOW: now, TZ: "UTC", ...env } },
  );
}

const read = (dir: string, path: string) => readFile(join(dir, "_site", path), "utf8");
const NOW = "2026-12-03T21:00:00Z";

describe("serialpress inside an existing Eleventy site (eleventy-base-blog's shape)", () => {
  let blog: string;
  let output: { stdout: string; stderr: string };
  beforeAll(async () => {
    blog = await makeBlog();
    await mkdir(join(blog, "_site"));
    await writeFile(join(blog, "_site/keep.txt"), "the blog's own file\n");
    output = await eleventy(blog, NOW);
  }, 60_000);

  test("the series lives under its base and the blog's pages, feed and files stay where they were", async () => {
    expect(await listFiles(join(blog, "_site"))).toEqual([
      "CNAME",
      "blog/first-post/index.html",
      "feed/feed.xml",
      "index.html",
      "keep.txt",
      "learning-together/assets/style.css",
      "learning-together/atom.xml",
      "learning-together/contents/index.html",
      "learning-together/feed.json",
      "learning-together/feed.xml",
      "learning-together/index.html",
      "learning-together/posts/method/index.html",
      "learning-together/posts/summary/index.html",
      "learning-together/report/index.html",
      "learning-together/schedule.ics",
      "learning-together/sitemap.xml",
    ]);
    expect(output.stderr).toBe("");
  });

  test("the blog's posts keep the blog's markdown-it, its rule, layout and Nunjucks", async () => {
    const post = await read(blog, "blog/first-post/index.html");
    expect(post).toContain('<body class="blog-base">');
    expect(post).toContain(
      '<p>We write “field notes” after every visit.</p>\n<hr class="blog-rule">\n<p>Field Notes is where they go.</p>',
    );
    expect(post).not.toContain("comment-link");
  });

  test("the series' posts render with serialpress's rules only, and braces in the report stay text", async () => {
    const post = await read(blog, "learning-together/posts/summary/index.html");
    expect(post).not.toContain("blog-base");
    expect(post).toContain('<h1 id="summary" tabindex="-1">Summary');
    expect(post).toContain(
      "<p>Communities of practice keep people talking between meetings. Members write\n<code>{{ templates }}</code> and {% tags %} in their notes as plain text, and they stay text.</p>\n<hr>\n",
    );
    expect(post).toContain(
      'href="mailto:notes@lists.example.org?subject=%5BLearning%20Together%5D%20Part%201%3A%20Summary&amp;body=About%20https%3A%2F%2Ffield-notes.example.org%2Flearning-together%2Fposts%2Fsummary%2F%23summary%0A%0A"',
    );
    expect(post).toContain('<a rel="next" href="/learning-together/posts/method/">');
    expect(post).toContain('<link rel="stylesheet" href="/learning-together/assets/style.css">');
    expect(await read(blog, "learning-together/assets/style.css")).toBe(
      await readFile(join(ROOT, "assets/style.css"), "utf8"),
    );
  });

  test("the blog's feed holds only the blog's posts; the series' feed only the series' parts", async () => {
    const xml = new XMLParser({ ignoreAttributes: false });
    const blogFeed = xml.parse(await read(blog, "feed/feed.xml"));
    expect(blogFeed.feed.entry.title).toBe("Why we keep field notes");
    const series = xml.parse(await read(blog, "learning-together/feed.xml"));
    expect(series.rss.channel.link).toBe("https://field-notes.example.org/learning-together/");
    expect(series.rss.channel.item.map((i: { link: string }) => i.link)).toEqual([
      "https://field-notes.example.org/learning-together/posts/method/",
      "https://field-notes.example.org/learning-together/posts/summary/",
    ]);
    const sitemap = await read(blog, "learning-together/sitemap.xml");
    expect([...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1])).toEqual([
      "https://field-notes.example.org/learning-together/",
      "https://field-notes.example.org/learning-together/contents/",
      "https://field-notes.example.org/learning-together/report/",
      "https://field-notes.example.org/learning-together/posts/summary/",
      "https://field-notes.example.org/learning-together/posts/method/",
    ]);
  });

  test("a later build removes only the series' own stale files, never the blog's", async () => {
    // Before part 2's release: its page goes; the blog's files and keep.txt stay.
    await eleventy(blog, "2026-11-05T12:00:00Z");
    const files = await listFiles(join(blog, "_site"));
    expect(files).not.toContain("learning-together/posts/method/index.html");
    // The calendar's event for the part not out yet links the series' contents page.
    const ics = (await read(blog, "learning-together/schedule.ics")).replace(/\r\n /g, "");
    expect(ics).toContain(
      "Find it on the contents page: https://field-notes.example.org/learning-together/contents/",
    );
    expect(files).toEqual(
      expect.arrayContaining([
        "CNAME",
        "keep.txt",
        "blog/first-post/index.html",
        "feed/feed.xml",
        "learning-together/posts/summary/index.html",
      ]),
    );
  }, 60_000);
});

describe("a site overrides serialpress's layouts and stylesheet without forking", () => {
  test("the site's own _includes/serialpress/post.njk, pages/report.njk and style.css win", async () => {
    const blog = await makeBlog();
    await mkdir(join(blog, "_includes/serialpress"));
    await writeFile(
      join(blog, "_includes/serialpress/post.njk"),
      '---\nlayout: layouts/base.njk\n---\n<article class="my-series-post">{{ content | safe }}</article>\n',
    );
    await writeFile(join(blog, "_includes/serialpress/style.css"), "body { color: teal; }\n");
    await mkdir(join(blog, "_includes/serialpress/pages"));
    await writeFile(
      join(blog, "_includes/serialpress/pages/report.njk"),
      "---\nlayout: serialpress/base.njk\n---\n<h1>The whole report, our way</h1>\n",
    );
    await eleventy(blog, NOW);
    const post = await read(blog, "learning-together/posts/summary/index.html");
    expect(post).toContain('<body class="blog-base">');
    expect(post).toContain('<article class="my-series-post"><h1 id="summary" tabindex="-1">');
    // The series' own pages keep serialpress's base layout.
    expect(await read(blog, "learning-together/contents/index.html")).toContain(
      '<p class="site-title"><a href="/">Field Notes</a></p>',
    );
    expect(await read(blog, "learning-together/contents/index.html")).toContain(
      '<li><a href="/learning-together/">Learning Together</a></li>',
    );
    expect(await read(blog, "learning-together/assets/style.css")).toBe("body { color: teal; }\n");
    // A page of the site's own replaces serialpress's and keeps its place under the base.
    expect(await read(blog, "learning-together/report/index.html")).toContain(
      "<h1>The whole report, our way</h1>",
    );
  }, 60_000);
});

describe("the whole report's body is a layout a site can override (issue 15)", () => {
  test("the site's own _includes/serialpress/report.njk lays out the released parts", async () => {
    const blog = await makeBlog();
    await mkdir(join(blog, "_includes/serialpress"));
    await writeFile(
      join(blog, "_includes/serialpress/report.njk"),
      [
        "---",
        "layout: serialpress/base.njk",
        "---",
        '<ol class="our-report">',
        "{%- for item in collections[serial.collection] %}",
        '<li id="p{{ item.data.part }}">{{ title }}: {{ item.data.title }}</li>',
        "{%- endfor %}",
        "</ol>",
        "",
      ].join("\n"),
    );
    // Between part 1 (3 November) and part 2 (10 November): only part 1 is out.
    await eleventy(blog, "2026-11-05T00:00:00Z");
    const report = await read(blog, "learning-together/report/index.html");
    // The page's own title (its front matter) reaches the layout; parts are the released ones.
    expect(report.match(/<ol class="our-report">[\s\S]*?<\/ol>/)![0]).toBe(
      ['<ol class="our-report">', '<li id="p1">Whole report: Summary</li>', "</ol>"].join("\n"),
    );
    expect(report).toContain('<p class="site-title"><a href="/">Field Notes</a></p>');
  }, 60_000);
});

describe("a series inside a site served below a path prefix", () => {
  test("every page link carries the prefix, and feed and comment links too when the url has it", async () => {
    const blog = await makeBlog();
    const { stderr } = await eleventy(blog, NOW, ["--pathprefix=/notes/"], {
      SITE_URL: "https://field-notes.example.org/notes",
    });
    expect(stderr).toBe("");
    const post = await read(blog, "learning-together/posts/method/index.html");
    const paths = [...post.matchAll(/(?:href|src)="(\/[^"]*)"/g)].map((m) => m[1]!);
    expect(paths.length).toBeGreaterThan(10);
    // The site's title goes to the site's home; everything else is the series'.
    expect(paths.filter((p) => !p.startsWith("/notes/learning-together/"))).toEqual(["/notes/"]);
    expect(post).toContain(
      "body=About%20https%3A%2F%2Ffield-notes.example.org%2Fnotes%2Flearning-together%2Fposts%2Fmethod%2F%23interviews",
    );
    expect(await read(blog, "learning-together/feed.xml")).toContain(
      "<link>https://field-notes.example.org/notes/learning-together/posts/method/</link>",
    );
  }, 60_000);

  test("a prefix the site's url lacks gets a warning that says what to write", async () => {
    const blog = await makeBlog();
    const { stderr } = await eleventy(blog, NOW, ["--pathprefix=/notes/"]);
    expect(stderr).toContain(
      "serialpress: warning: Eleventy's path prefix is /notes/ but the site's url (https://field-notes.example.org) has the path /; feeds and comment links are made from the url, so they would miss the prefix. Set the site's url to https://field-notes.example.org/notes (or SITE_URL for one build).",
    );
    expect(existsSync(join(blog, "_site/notes"))).toBe(false);
  }, 60_000);
});

describe("the release gate looks only at the series' own posts", () => {
  test("a blog post with an id in its front matter is the blog's, not a part of the series", async () => {
    const blog = await makeBlog();
    await writeFile(
      join(blog, "content/blog/second-post.md"),
      "---\ntitle: Notes with an id\nid: notes-42\ndate: 2026-11-20\n---\nOur own numbering.\n",
    );
    await eleventy(blog, NOW);
    expect(await read(blog, "blog/second-post/index.html")).toContain("<p>Our own numbering.</p>");
  }, 60_000);

  test("the blog's own pages keep their own `serial` data, and one without gets none of the series'", async () => {
    const blog = await makeBlog();
    await writeFile(
      join(blog, "content/mine.njk"),
      "---\nserial: the blog's own\npermalink: /mine/\n---\n<p>{{ serial }}</p>\n",
    );
    await writeFile(
      join(blog, "content/none.md"),
      "---\npermalink: /none/\ntemplateEngineOverride: njk,md\n---\n{% if serial %}has serial{% else %}no serial{% endif %}\n",
    );
    await eleventy(blog, NOW);
    expect(await read(blog, "mine/index.html")).toContain("<p>the blog&#39;s own</p>");
    expect(await read(blog, "none/index.html")).toContain("<p>no serial</p>");
    // The series' posts have it: their layout names the series.
    expect(await read(blog, "learning-together/posts/method/index.html")).toContain(
      "<title>Method · Learning Together</title>",
    );
  }, 60_000);
});

describe("serialpress is added once", () => {
  test("adding serialpress twice stops the build with a plain message, not a template conflict", async () => {
    const blog = await makeBlog();
    const config = join(blog, "eleventy.config.js");
    await writeFile(
      config,
      (await readFile(config, "utf8")).replace(
        "  return {",
        '  eleventyConfig.addPlugin(serialpress, { postsDir: "content/other/posts" });\n  return {',
      ),
    );
    const failure = await eleventy(blog, NOW).then(
      () => "",
      (error: { stderr: string }) => error.stderr,
    );
    expect(failure).toContain(
      "serialpress is added twice (the second time for the posts in content/other/posts); list every series in one call: addPlugin(serialpress, { series: [{ postsDir: … }, …] }).",
    );
  }, 60_000);
});

describe("posts split before the layouts moved to serialpress/", () => {
  test("a posts folder naming layouts/post.njk stops the build with the file and what to write", async () => {
    const site = await makeSite();
    await splitInto(site, join(FIXTURE, "reports/learning-together.md"), { start: "2026-11-03" });
    await writeFile(
      join(site.posts, "posts.11tydata.json"),
      '{\n  "layout": "layouts/post.njk"\n}\n',
    );
    const failure = await build(site, NOW).then(
      () => "",
      (error: { stderr: string }) => error.stderr,
    );
    expect(failure).toContain(
      'posts/posts.11tydata.json: "layout": "layouts/post.njk" is serialpress\'s old name for the post layout; write "serialpress/post.njk" instead, or split the report again (serialpress split), which rewrites this file.',
    );
  }, 60_000);
});

describe("several series in one site, each under its own base (issue 16)", () => {
  let blog: string;
  beforeAll(async () => {
    blog = await makeBlog();
    await runSplit({
      report: join(blog, "reports/field-guide.md"),
      out: join(blog, "content/field-guide/posts"),
      settings: {
        base: "/field-guide/",
        start: "2026-11-05",
        every: "week",
        timezone: "Africa/Dakar",
        targetWords: 15,
        minWords: 5,
        maxWords: 40,
      },
      print: () => {},
      warn: () => {},
    });
    const config = join(blog, "eleventy.config.js");
    await writeFile(
      config,
      (await readFile(config, "utf8")).replace(
        'postsDir: "content/learning-together/posts",',
        'series: [{ postsDir: "content/learning-together/posts" }, { postsDir: "content/field-guide/posts" }],',
      ),
    );
    await eleventy(blog, NOW);
  }, 60_000);

  test("each series has its own posts, pages, feeds, sitemap and calendar under its base", async () => {
    const files = await listFiles(join(blog, "_site"));
    expect(files.filter((f) => f.startsWith("field-guide/"))).toEqual([
      "field-guide/assets/style.css",
      "field-guide/atom.xml",
      "field-guide/contents/index.html",
      "field-guide/feed.json",
      "field-guide/feed.xml",
      "field-guide/index.html",
      "field-guide/posts/avant-la-visite/index.html",
      "field-guide/posts/pendant-la-visite/index.html",
      "field-guide/report/index.html",
      "field-guide/schedule.ics",
      "field-guide/sitemap.xml",
    ]);
    expect(files.filter((f) => f.startsWith("learning-together/posts/"))).toEqual([
      "learning-together/posts/method/index.html",
      "learning-together/posts/summary/index.html",
    ]);
  });

  test("a series' pages speak its own language and list only its own parts", async () => {
    const post = await read(blog, "field-guide/posts/avant-la-visite/index.html");
    expect(post).toContain('<html lang="fr" dir="ltr">');
    expect(post).toContain(">Partie 1 sur 2</span>");
    expect(post).toContain('<a rel="next" href="/field-guide/posts/pendant-la-visite/">');
    expect(post).toContain(
      "https%3A%2F%2Ffield-notes.example.org%2Ffield-guide%2Fposts%2Favant-la-visite%2F",
    );
    const other = await read(blog, "learning-together/posts/summary/index.html");
    expect(other).toContain('<html lang="en" dir="ltr">');
    expect(other).toContain('<a rel="next" href="/learning-together/posts/method/">');
    const contents = await read(blog, "field-guide/contents/index.html");
    expect(contents).toContain("<h1>Sommaire</h1>");
    expect([...contents.matchAll(/<a href="(\/[^"#]+)">/g)].map((m) => m[1])).toEqual([
      "/field-guide/",
      "/field-guide/contents/",
      "/field-guide/report/",
      "/field-guide/feed.xml",
      "/field-guide/posts/avant-la-visite/",
      "/field-guide/posts/pendant-la-visite/",
      "/field-guide/schedule.ics",
      "/field-guide/feed.xml",
      "/field-guide/atom.xml",
      "/field-guide/feed.json",
    ]);
    const report = await read(blog, "learning-together/report/index.html");
    expect(report).not.toContain("field-guide");
  });

  test("each series' feed holds only its own parts", async () => {
    const links = (xml: string) => [...xml.matchAll(/<link>([^<]+)<\/link>/g)].map((m) => m[1]);
    expect(links(await read(blog, "field-guide/feed.xml"))).toEqual([
      "https://field-notes.example.org/field-guide/",
      "https://field-notes.example.org/field-guide/posts/pendant-la-visite/",
      "https://field-notes.example.org/field-guide/posts/avant-la-visite/",
    ]);
    expect(links(await read(blog, "learning-together/feed.xml"))).toEqual([
      "https://field-notes.example.org/learning-together/",
      "https://field-notes.example.org/learning-together/posts/method/",
      "https://field-notes.example.org/learning-together/posts/summary/",
    ]);
  });

  test("a later build removes one series' stale page and nothing of the other's", async () => {
    // 5 Nov 2026 12:00 UTC: field guide part 1 out (09:00 Dakar), part 2 not; learning together part 2 not.
    await eleventy(blog, "2026-11-05T12:00:00Z");
    const files = await listFiles(join(blog, "_site"));
    expect(files).not.toContain("field-guide/posts/pendant-la-visite/index.html");
    expect(files).not.toContain("learning-together/posts/method/index.html");
    expect(files).toEqual(
      expect.arrayContaining([
        "field-guide/posts/avant-la-visite/index.html",
        "learning-together/posts/summary/index.html",
        "blog/first-post/index.html",
      ]),
    );
  }, 60_000);

  test("two series under one base are refused, naming both folders", async () => {
    const clash = await makeBlog();
    await runSplit({
      report: join(clash, "reports/field-guide.md"),
      out: join(clash, "content/field-guide/posts"),
      settings: { base: "/learning-together/", start: "2026-11-05" },
      print: () => {},
      warn: () => {},
    });
    const config = join(clash, "eleventy.config.js");
    await writeFile(
      config,
      (await readFile(config, "utf8")).replace(
        'postsDir: "content/learning-together/posts",',
        'series: [{ postsDir: "content/learning-together/posts" }, { postsDir: "content/field-guide/posts" }],',
      ),
    );
    const failure = await eleventy(clash, NOW).then(
      () => "",
      (error: { stderr: string }) => error.stderr,
    );
    expect(failure).toContain(
      "the series in content/learning-together/posts and content/field-guide/posts share the base /learning-together/; give each series its own (serialpress split --base /<name>/).",
    );
  }, 60_000);
});
