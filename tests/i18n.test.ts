import { beforeAll, describe, expect, test } from "@jest/globals";
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { runMail } from "../src/commands/mail.js";
import { build, makeSite, splitInto, type TestSite } from "./helpers/site.js";
import { ROOT, SAMPLE } from "./helpers/paths.js";
import { LOCALES, uiFor } from "../src/site/i18n.js";
import { en } from "../src/site/locales/en.js";
import { formatDate } from "../src/site/dates.js";

// Issue 16: serialpress's own words in the readers' language.
describe("the locale tables", () => {
  test("ship en, fr, es, pt, ar, ja and hi, each with every key of the English table", () => {
    expect(Object.keys(LOCALES).sort()).toEqual(["ar", "en", "es", "fr", "hi", "ja", "pt"]);
    for (const [lang, table] of Object.entries(LOCALES))
      expect([lang, Object.keys(table).sort()]).toEqual([lang, Object.keys(en).sort()]);
  });

  test("every placeholder of the English message is in each translation", () => {
    const names = (m: unknown) =>
      [...JSON.stringify(m).matchAll(/\{(\w+)\}/g)]
        .map((x) => x[1])
        .filter((v, i, a) => a.indexOf(v) === i)
        .sort();
    for (const [lang, table] of Object.entries(LOCALES))
      for (const key of Object.keys(en) as (keyof typeof en)[]) {
        const want = names(en[key]).filter((n) => n !== "n" || typeof en[key] === "string");
        const got = names(table[key]);
        for (const n of want) expect([lang, key, got.includes(n)]).toEqual([lang, key, true]);
      }
  });

  test("plurals follow each language's CLDR categories", () => {
    const ar = uiFor("ar");
    expect([0, 1, 2, 3, 11, 100].map((n) => ar.text("comments", { n }))).toEqual([
      "لا تعليقات",
      "تعليق واحد",
      "تعليقان",
      "3 تعليقات",
      "11 تعليقًا",
      "100 تعليق",
    ]);
    expect([1, 2].map((n) => uiFor("fr").text("comments", { n }))).toEqual([
      "1 commentaire",
      "2 commentaires",
    ]);
    expect(uiFor("ja").text("comments", { n: 3 })).toBe("コメント3件");
    expect(uiFor("en-GB").text("comments", { n: 1 })).toBe("1 comment");
  });

  test("a language with no table falls back to English, says so once, and marks the words lang=en", () => {
    const warnings: string[] = [];
    const de = uiFor("de-CH", (w) => warnings.push(w));
    uiFor("de-CH", (w) => warnings.push(w));
    expect(de.text("partOf", { n: 2, m: 9 })).toBe("Part 2 of 9");
    expect(de.attrs).toBe(' lang="en"');
    expect(de.localized).toBe(false);
    expect(warnings).toEqual([
      'no serialpress words in "de-CH"; its pages use English (add src/site/locales/de.ts).',
    ]);
    expect(uiFor("fr").attrs).toBe("");
  });

  test("html() escapes the message and its text parameters, inserts { html } as it is", () => {
    const fr = uiFor("fr");
    expect(fr.html("released", { title: { html: '<a href="/p/">A & B</a>' }, date: "<now>" })).toBe(
      '<a href="/p/">A & B</a>, parue le &lt;now&gt;.',
    );
    expect(fr.text("released", { title: { html: "<b>T</b>" }, date: "d" })).toBe("T, parue le d.");
  });

  test("release dates read in the series' language", () => {
    const iso = "2026-10-20T09:00:00+02:00";
    expect(formatDate(iso, "Europe/Amsterdam", "en")).toBe("Tuesday 20 October 2026");
    expect(formatDate(iso, "Europe/Paris", "fr")).toBe("mardi 20 octobre 2026");
    expect(formatDate(iso, "Europe/Madrid", "es")).toBe("martes, 20 de octubre de 2026");
    expect(formatDate(iso, "Asia/Tokyo", "ja")).toBe("2026年10月20日火曜日");
  });
});

describe("a French series: comment feeds and the email edition speak French too", () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await makeSite();
    const report = join(site.dir, "rapport.md");
    await writeFile(report, (await readFile(SAMPLE, "utf8")).replace(/^lang: en$/m, "lang: fr"));
    await splitInto(site, report);
    await cp(join(ROOT, "posts/discussion.json"), join(site.posts, "discussion.json"));
    await build(site, "2026-12-03T21:00:00Z");
  }, 60_000);

  test("the recent-discussion and part comment feeds have French titles and item titles", async () => {
    const recent = await readFile(join(site.out, "discussion/feed.xml"), "utf8");
    expect(recent).toContain("<title>Learning Together\u00a0: discussion récente</title>");
    expect(recent).toContain(
      "<description>Commentaires sur les sections de Learning Together, du plus récent au plus ancien.</description>",
    );
    expect(recent).toMatch(
      /<title><!\[CDATA\[[^\]]+ sur «\u00a0Interviews\u00a0» \(Partie 3\)\]\]><\/title>/,
    );
    const part = await readFile(join(site.out, "posts/method/comments.xml"), "utf8");
    expect(part).toContain("<title>Learning Together, Partie 3\u00a0: commentaires</title>");
  });

  test("the email edition's subject and frame are in French", async () => {
    const out = await mkdtemp(join(tmpdir(), "serialpress-fr-mail-"));
    const settings = JSON.parse(await readFile(join(site.dir, "_data/site.json"), "utf8"));
    await writeFile(
      join(out, "site.json"),
      JSON.stringify({
        ...settings,
        mail: {
          to: ["liste@example.org"],
          from: "redaction@example.org",
          unsubscribe: "mailto:quitter@example.org",
        },
      }),
    );
    const { preview } = await runMail({
      posts: site.posts,
      site: join(out, "site.json"),
      now: new Date("2026-10-21T00:00:00Z"),
      env: { SMTP_URL: "smtp://127.0.0.1:9" },
      preview: 3,
      out,
      print: () => {},
    });
    const message = await simpleParser(await readFile(preview!));
    expect(message.subject).toBe("[Learning Together] Partie 3 sur 10: Method");
    const html = String(message.html);
    expect(html).toContain("· Partie 3 sur 10 · mardi 20 octobre 2026</p>");
    expect(html).toContain(">Lire cette partie sur le web</a>");
    expect(html).toMatch(/>Commenter cette partie<\/a>\u00a0: répondez à ce message\.<\/p>/);
    expect(html).toContain('>Toutes les parties</a> · <a href="mailto:quitter@example.org"');
    expect(html).toContain(">Se désabonner</a>");
  });
});
