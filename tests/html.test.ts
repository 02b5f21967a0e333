import { describe, expect, test } from "@jest/globals";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "../src/errors.js";
import { loadReport } from "../src/report/load.js";
import { splitReport } from "../src/split/split.js";
import { build, makeSite, splitInto } from "./helpers/site.js";
import { brokenLinks } from "./helpers/links.js";
import { prose, settings } from "./helpers/report.js";

const NOW = new Date("2026-01-01T00:00:00Z");
const P1 = prose(40, 40, "un");
const P2 = prose(40, 40, "deux");
const P3 = prose(40, 40, "trois");

const PAGE = `<!DOCTYPE html>
<html lang="fr">
<head><title>Rapport — site</title><meta name="author" content="Aïcha Traoré; José Ñúñez"></head>
<body>
<nav><a href="/">Accueil</a> <a href="/blog/">Blog</a></nav>
<main>
<h1>Apprendre ensemble</h1>
<p>${P1} Voir la <a href="#methode">méthode</a> et le <a href="#cle">résultat clé</a>.</p>
<h2 id="methode">Méthode d'étude</h2>
<p>${P2}</p>
<table><thead><tr><th>Communauté</th><th>Membres</th></tr></thead><tbody><tr><td>Maji</td><td>640</td></tr></tbody></table>
<h2>Résultats</h2>
<p id="cle">${P3}</p>
</main>
<footer>© 2026 Site footer text</footer>
</body></html>
`;

// The same report written by hand in Markdown.
const TWIN = `---
title: Apprendre ensemble
lang: fr
---
# Apprendre ensemble

${P1} Voir la [méthode](#methode) et le [résultat clé](#cle).

## Méthode d'étude {#methode}

${P2}

| Communauté | Membres |
| ---------- | ------- |
| Maji       | 640     |

## Résultats

<a id="cle"></a>${P3}
`;

async function files(): Promise<{ dir: string; html: string; md: string }> {
  const dir = await mkdtemp(join(tmpdir(), "serialpress-html-"));
  const html = join(dir, "page.html");
  const md = join(dir, "twin.md");
  await writeFile(html, PAGE);
  await writeFile(md, TWIN);
  return { dir, html, md };
}

describe("HTML reports", () => {
  test("the page's main content becomes Markdown: heading ids kept, link targets kept, navigation and footer dropped", async () => {
    const { html } = await files();
    const report = await loadReport(html);
    expect(report.meta).toMatchObject({
      title: "Apprendre ensemble",
      lang: "fr",
      authors: ["Aïcha Traoré", "José Ñúñez"],
    });
    expect(report.body).toBe(TWIN.split("---\n").slice(2).join("---\n"));
    expect(report.body).not.toContain("Accueil");
    expect(report.body).not.toContain("footer text");
  });

  test("a page with <main>, heading ids and a table splits as its Markdown twin does", async () => {
    const { html, md } = await files();
    const options = settings({ targetWords: 45, minWords: 20, maxWords: 60 });
    const fromHtml = splitReport(await loadReport(html), options, null, NOW);
    const fromMd = splitReport(await loadReport(md), options, null, NOW);
    const shape = (r: typeof fromHtml) =>
      r.parts.map((p) => ({
        title: p.title,
        sections: p.sections,
        anchors: p.anchors,
        words: p.words,
        body: p.body,
      }));
    expect(shape(fromHtml)).toEqual(shape(fromMd));
    expect(fromHtml.parts.map((p) => p.sections.map((s) => s.id))).toEqual([
      ["apprendre-ensemble"],
      ["methode"],
      ["résultats"],
    ]);
  });

  test("on the built site every link of the page still leads somewhere", async () => {
    const { html } = await files();
    const site = await makeSite();
    await splitInto(site, html, {
      start: "2020-01-07",
      targetWords: 45,
      minWords: 20,
      maxWords: 60,
    });
    await build(site, "2100-01-01T00:00:00Z");
    expect(await brokenLinks(site.out)).toEqual([]);
  });

  test("an empty page is refused", async () => {
    const { dir } = await files();
    const empty = join(dir, "empty.html");
    await writeFile(empty, "<html><body><nav>Menu</nav><main> </main></body></html>");
    await expect(loadReport(empty)).rejects.toThrow(
      new InputError(empty, undefined, "the page has no text to split."),
    );
  });

  test("a PDF is refused with what serialpress reads and what to do", async () => {
    await expect(loadReport("report.pdf")).rejects.toThrow(
      new InputError(
        "report.pdf",
        undefined,
        "cannot read .pdf: serialpress reads Markdown (.md, .markdown, .txt), Word (.docx) and HTML (.html, .htm) reports. Convert the report to one of those first (e.g. `pandoc report.odt -o report.docx`, or save it from Word as .docx; a PDF has lost its structure: export the source document instead).",
      ),
    );
  });
});
