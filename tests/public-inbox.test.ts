import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { cp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { runDiscussionFetch, type DiscussionFetchReport } from "../src/commands/discussion.js";
import type { DiscussionSnapshot } from "../src/discussion/types.js";
import { HAVE_PUBLIC_INBOX, startInbox, type TestInbox } from "./helpers/public-inbox.js";
import { allText, build, makeSite, type TestSite } from "./helpers/site.js";
import { ROOT } from "./helpers/paths.js";
import { clients, feedparser, xmllint } from "./helpers/clients.js";
import { atomProblems, jsonFeedProblems, rssProblems } from "./helpers/feeds.js";

// Issue 13: comments read back from a real public-inbox archive (Debian's
// public-inbox: init, public-inbox-mda, public-inbox-httpd on 127.0.0.1).
if (!HAVE_PUBLIC_INBOX) {
  const message =
    "SKIPPED public-inbox tests: public-inbox is not installed (apt-get install public-inbox; .ci/run installs it).";
  if (process.env.CI) throw new Error(message);
  process.stderr.write(`${message}\n`);
}
const maybe = HAVE_PUBLIC_INBOX ? describe : describe.skip;

const SITE = "https://learning-together.example.org";
const LIST = "learning-together@lists.example.org";
// The sample's part 3 ("Method", out 20 October 2026) and part 10 (out 8 December 2026).
const AFTER_PART_3 = "2026-11-01T00:00:00Z";

const mail = (headers: Record<string, string>, body: string) =>
  Object.entries({ To: LIST, "MIME-Version": "1.0", ...headers })
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n") + `\n\n${body}\n`;

const plain = { "Content-Type": "text/plain; charset=utf-8" };

/** What readers sent to the list, as their mail clients wrote it. */
const MESSAGES = [
  // A comment through the section's link: subject and the "About <url>" body line prefilled.
  mail(
    {
      From: "Ana Reader <ana@example.net>",
      Subject: "[Learning Together] Part 3: Method – Interviews",
      "Message-ID": "<c1@example.net>",
      Date: "Wed, 21 Oct 2026 10:00:00 +0200",
      ...plain,
    },
    `About ${SITE}/posts/method/#interviews\n\nSeventy-four interviews across five communities is thin for the funders' group.`,
  ),
  // A reply that quotes and signs: only its own words are kept, and the address it gives is hidden.
  mail(
    {
      From: "Bob Builder <bob@example.net>",
      Subject: "Re: [Learning Together] Part 3: Method – Interviews",
      "Message-ID": "<c2@example.net>",
      "In-Reply-To": "<c1@example.net>",
      References: "<c1@example.net>",
      Date: "Wed, 21 Oct 2026 12:30:00 +0200",
      ...plain,
    },
    "Agreed; write to bob@example.net for our notes.\n\nOn Wed, 21 Oct 2026, Ana Reader <ana@example.net> wrote:\n> About https://learning-together.example.org/posts/method/#interviews\n>\n> Seventy-four interviews across five communities is thin.\n\n-- \nBob\nFacilitator, EvalCommons",
  ),
  // A reply to the reply, without the URL or the subject's tag: threaded by References alone.
  mail(
    {
      From: '"Chen, Li" <li@example.net>',
      Subject: "Re: notes",
      "Message-ID": "<c3@example.net>",
      "In-Reply-To": "<c2@example.net>",
      References: "<c1@example.net> <c2@example.net>",
      Date: "Thu, 22 Oct 2026 08:00:00 +0000",
      ...plain,
    },
    "Thanks both.",
  ),
  // Hostile, in Latin-1 quoted-printable: a script and a javascript: link
  // (public-inbox refuses mail with HTML parts; mailComments' own test has those).
  mail(
    {
      From: "=?iso-8859-1?q?Jos=E9_M=FCller?= <jose@example.net>",
      Subject: "[Learning Together] Part 3: Method",
      "Message-ID": "<c4@example.net>",
      Date: "Fri, 23 Oct 2026 09:00:00 +0000",
      "Content-Type": "text/plain; charset=iso-8859-1",
      "Content-Transfer-Encoding": "quoted-printable",
    },
    `About ${SITE}/posts/method/\n\nCaf=E9 <script>alert(1)</script>[link](javascript:alert(2))`,
  ),
  // Malformed MIME: a multipart whose boundary never closes.
  mail(
    {
      From: "Dana <dana@example.net>",
      Subject: "[Learning Together] Part 2: Introduction",
      "Message-ID": "<c5@example.net>",
      Date: "Tue, 20 Oct 2026 18:00:00 +0000",
      "Content-Type": 'multipart/mixed; boundary="zzz"',
    },
    `--zzz\nContent-Type: text/plain; charset=utf-8\n\nAbout ${SITE}/posts/introduction/#why-practitioners-need-each-other\n\nBroken but readable.\n--zzz\nContent-Type: text/plain; charset=utf-8\n\nunterminated`,
  ),
  // About a part not yet released (part 10): kept in the snapshot, shown nowhere yet.
  mail(
    {
      From: "Eve Early <eve@example.net>",
      Subject: "[Learning Together] Part 10: Annex B",
      "Message-ID": "<c6@example.net>",
      Date: "Sat, 24 Oct 2026 09:00:00 +0000",
      ...plain,
    },
    `About ${SITE}/posts/annex-b-communities-in-the-study/#annex-c-glossary\n\nA secret about the annex.`,
  ),
  // List traffic about nothing in the series.
  mail(
    {
      From: "Admin <admin@example.net>",
      Subject: "Welcome to the list",
      "Message-ID": "<c7@example.net>",
      Date: "Sat, 24 Oct 2026 10:00:00 +0000",
      ...plain,
    },
    "Welcome, everyone.",
  ),
];

maybe("comments from a real public-inbox archive", () => {
  let inbox: TestInbox;
  let site: TestSite;
  let report: DiscussionFetchReport;
  let snapshot: DiscussionSnapshot;
  const fetchNow = (o: { timeout?: number } = {}) =>
    runDiscussionFetch({
      posts: site.posts,
      site: join(site.dir, "_data/site.json"),
      now: new Date("2026-10-25T00:00:00Z"),
      print: () => {},
      warn: () => {},
      ...o,
    });

  beforeAll(async () => {
    inbox = await startInbox(LIST);
    for (const m of MESSAGES) await inbox.deliver(m);
    site = await makeSite({ comments: { channel: "mailto", address: LIST, archive: inbox.url } });
    await cp(join(ROOT, "posts"), site.posts, { recursive: true });
    // The sample's own comments aside: this archive is the only source.
    await rm(join(site.posts, "discussion.json"), { force: true });
    report = await fetchNow();
    snapshot = JSON.parse(await readFile(join(site.posts, "discussion.json"), "utf8"));
  });
  afterAll(async () => {
    await inbox?.close();
  });

  test("every message about a section is a comment, threaded by URL, subject and References", () => {
    expect(report).toMatchObject({
      channel: "public-inbox",
      ok: true,
      written: true,
      added: 6,
      refetched: 0,
      total: 6,
    });
    expect(snapshot.comments.map((c) => [c.id, c.key, c.part, c.parent ?? null, c.author])).toEqual(
      [
        ["mail:c5@example.net", "why-practitioners-need-each-other", "introduction", null, "Dana"],
        ["mail:c1@example.net", "interviews", "method", null, "Ana Reader"],
        ["mail:c2@example.net", "interviews", "method", "mail:c1@example.net", "Bob Builder"],
        ["mail:c3@example.net", "interviews", "method", "mail:c1@example.net", "Chen, Li"],
        ["mail:c4@example.net", "part:method", "method", null, "José Müller"],
        [
          "mail:c6@example.net",
          "annex-c-glossary",
          "annex-b-communities-in-the-study",
          null,
          "Eve Early",
        ],
      ],
    );
  });

  test("quotes, signatures and the prefilled About line are stripped; addresses never stored", () => {
    const byId = new Map(snapshot.comments.map((c) => [c.id, c]));
    expect(byId.get("mail:c1@example.net")!.body).toBe(
      "Seventy-four interviews across five communities is thin for the funders' group.",
    );
    expect(byId.get("mail:c2@example.net")!.body).toBe(
      "Agreed; write to [address hidden] for our notes.",
    );
    // Both text parts of the unterminated multipart are read, as mail clients show them.
    expect(byId.get("mail:c5@example.net")!.body).toBe("Broken but readable.\nunterminated");
    expect(JSON.stringify(snapshot)).not.toMatch(/[\w.]+@example\.net>|bob@|ana@|jose@/);
    expect(byId.get("mail:c1@example.net")!.url).toBe(`${inbox.url}c1@example.net/`);
  });

  test("fetching again adds nothing and keeps every byte of the comments", async () => {
    const again = await fetchNow();
    // Nothing changed, so the file is not even rewritten (a scheduled job commits nothing).
    expect(again).toMatchObject({ ok: true, added: 0, refetched: 6, total: 6, written: false });
    const after: DiscussionSnapshot = JSON.parse(
      await readFile(join(site.posts, "discussion.json"), "utf8"),
    );
    expect(after.comments).toEqual(snapshot.comments);
  });

  describe("the built site", () => {
    let method: string;
    let report: string;
    let everything: string;
    beforeAll(async () => {
      await build(site, AFTER_PART_3);
      method = await readFile(join(site.out, "posts/method/index.html"), "utf8");
      report = await readFile(join(site.out, "report/index.html"), "utf8");
      const files = [
        "index.html",
        "contents/index.html",
        "discussion/index.html",
        "feed.xml",
        "atom.xml",
        "feed.json",
        "discussion/feed.xml",
        "report/index.html",
        "posts/method/index.html",
        "posts/method/comments.xml",
      ];
      everything = (await Promise.all(files.map((f) => readFile(join(site.out, f), "utf8")))).join(
        "\n",
      );
    });

    test("the section shows its comments with a count beside its comment link, replies one level down", () => {
      expect(method).toContain(
        '· <a class="comment-count" href="/posts/method/#discussion-interviews">3 comments<span class="visually-hidden">: Interviews</span></a></p>',
      );
      const block = method.slice(
        method.indexOf('<div class="discussion" id="discussion-interviews">'),
      );
      expect(block.indexOf("Ana Reader")).toBeLessThan(block.indexOf('<ol class="replies">'));
      expect(block.indexOf('<ol class="replies">')).toBeLessThan(block.indexOf("Bob Builder"));
      expect(block).toContain("<p>Agreed; write to [address hidden] for our notes.</p>");
      // The threads come after the section's text, before the next section's heading.
      expect(method.indexOf('id="discussion-interviews"')).toBeLessThan(
        method.indexOf('id="survey-and-activity-records"'),
      );
    });

    test("a hostile comment is shown harmless: no script, handler or javascript: link", () => {
      expect(method).toContain(
        "<p>Café &lt;script&gt;alert(1)&lt;/script&gt;[link](javascript:alert(2))</p>",
      );
      expect(everything).not.toMatch(/<script|onclick|href="javascript:/i);
    });

    test("the whole-report page shows counts linking to the post, not the comments", () => {
      expect(report).toContain(
        '<a class="comment-count" href="/posts/method/#discussion-interviews">3 comments',
      );
      expect(report).not.toContain("Seventy-four interviews across five communities is thin");
      expect(report).toContain('<a href="/posts/method/">4 comments</a>');
    });

    test("a comment on an unreleased part appears nowhere", () => {
      expect(everything).not.toContain("A secret about the annex");
      expect(everything).not.toContain("Eve Early");
    });

    test("feeds carry the count and the part's comment feeds", async () => {
      const rss = await readFile(join(site.out, "feed.xml"), "utf8");
      expect(rss).toContain(
        `<wfw:commentRss>${SITE}/posts/method/comments.xml</wfw:commentRss>\n            <slash:comments>4</slash:comments>`,
      );
      const atom = await readFile(join(site.out, "atom.xml"), "utf8");
      expect(atom).toContain(
        `<link rel="replies" type="application/atom+xml" href="${SITE}/posts/method/comments-atom.xml" thr:count="4"/>`,
      );
      // A part without comments has a count of 0 and no comment feed yet.
      const summary = rss.slice(rss.indexOf("<title><![CDATA[Summary"));
      expect(summary.slice(0, summary.indexOf("</item>"))).toContain(
        "<slash:comments>0</slash:comments>",
      );
      expect(summary.slice(0, summary.indexOf("</item>"))).not.toContain("wfw:commentRss");
      expect(existsSync(join(site.out, "posts/summary/comments.xml"))).toBe(false);
      const partFeed = await readFile(join(site.out, "posts/method/comments.xml"), "utf8");
      expect(
        [...partFeed.matchAll(/<title><!\[CDATA\[(.*?)\]\]><\/title>/g)].map((m) => m[1]),
      ).toEqual([
        "José Müller on “Method” (Part 3)",
        "Chen, Li on “Interviews” (Part 3)",
        "Bob Builder on “Interviews” (Part 3)",
        "Ana Reader on “Interviews” (Part 3)",
      ]);
    });
  });

  test("a hidden comment leaves the site; a comment on a removed section shows on an earlier version", async () => {
    const settingsFile = join(site.dir, "_data/site.json");
    const settings = JSON.parse(await readFile(settingsFile, "utf8"));
    settings.comments.hide = ["mail:c4@example.net"];
    await writeFile(settingsFile, JSON.stringify(settings));
    const file = join(site.posts, "discussion.json");
    const saved = await readFile(file, "utf8");
    const snap: DiscussionSnapshot = JSON.parse(saved);
    snap.comments.push({
      ...snap.comments.find((c) => c.id === "mail:c1@example.net")!,
      id: "mail:old@example.net",
      key: "pilot-study",
      body: "On the pilot study you dropped.",
    });
    await writeFile(file, JSON.stringify(snap));
    try {
      await build(site, AFTER_PART_3);
      const page = await readFile(join(site.out, "posts/method/index.html"), "utf8");
      const all = await allText(site.out);
      expect(all).not.toContain("José Müller");
      expect(page).toContain('<div class="discussion" id="discussion-earlier">');
      expect(page).toContain(
        '<p class="discussion-label">On an earlier version (1 comment on sections since removed or rewritten)</p>',
      );
      expect(page).toContain("<p>On the pilot study you dropped.</p>");
    } finally {
      await writeFile(file, saved);
      delete settings.comments.hide;
      await writeFile(settingsFile, JSON.stringify(settings));
    }
  });

  test("the comment feeds are strict XML, carry their required elements and read in feedparser", async () => {
    await build(site, AFTER_PART_3);
    for (const f of ["discussion/feed.xml", "posts/method/comments.xml"]) {
      const xml = await readFile(join(site.out, f), "utf8");
      expect(rssProblems(xml)).toEqual([]);
      if (clients.xmllint) expect(await xmllint(xml)).toBe("");
    }
    for (const f of ["discussion/atom.xml", "posts/method/comments-atom.xml"]) {
      const xml = await readFile(join(site.out, f), "utf8");
      expect(atomProblems(xml)).toEqual([]);
      if (clients.xmllint) expect(await xmllint(xml)).toBe("");
    }
    expect(
      jsonFeedProblems(JSON.parse(await readFile(join(site.out, "discussion/feed.json"), "utf8"))),
    ).toEqual([]);
    if (clients.feedparser) {
      const read = await feedparser(join(site.out, "discussion/atom.xml"));
      expect(read.bozo).toBe(false);
      // Newest first, five comments on released parts (Eve's, on part 10, is not out).
      expect(read.entries.map((e) => [e.title, e.id])).toEqual([
        ["José Müller on “Method” (Part 3)", `${inbox.url}c4@example.net/`],
        ["Chen, Li on “Interviews” (Part 3)", `${inbox.url}c3@example.net/`],
        ["Bob Builder on “Interviews” (Part 3)", `${inbox.url}c2@example.net/`],
        ["Ana Reader on “Interviews” (Part 3)", `${inbox.url}c1@example.net/`],
        ["Dana on “Why practitioners need each other” (Part 2)", `${inbox.url}c5@example.net/`],
      ]);
    }
  });

  test("an archive that is down keeps every comment, warns naming the channel, and does not fail", async () => {
    await inbox.stop();
    const warnings: string[] = [];
    const down = await runDiscussionFetch({
      posts: site.posts,
      site: join(site.dir, "_data/site.json"),
      now: new Date("2026-10-26T00:00:00Z"),
      timeout: 5,
      print: () => {},
      warn: (w) => warnings.push(w),
    });
    expect(down).toMatchObject({ channel: "public-inbox", ok: false, added: 0, total: 6 });
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^serialpress: warning: public-inbox \\(${inbox.url.replace(/[.]/g, "\\.")}\\): fetch failed \\(ECONNREFUSED\\); the comments fetched before are kept\\.$`,
        ),
      ),
    ]);
    const after: DiscussionSnapshot = JSON.parse(
      await readFile(join(site.posts, "discussion.json"), "utf8"),
    );
    expect(after.comments).toEqual(snapshot.comments);
    expect(after.channels["public-inbox"]!.error).toBe("fetch failed (ECONNREFUSED)");
  });
});
