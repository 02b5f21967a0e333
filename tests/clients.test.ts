import { beforeAll, describe, expect, test } from "@jest/globals";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { SerialLock } from "../src/posts/lock.js";
import { clients, feedparser, newsboat, serve } from "./helpers/clients.js";
import { feedProblems } from "./helpers/feeds.js";
import { build, makeSite, splitInto, type TestSite } from "./helpers/site.js";
import { SAMPLE } from "./helpers/paths.js";

const NOW = "2026-11-29T12:00:00Z";

describe("real clients read the sample's feeds", () => {
  let site: TestSite;
  let lock: SerialLock;
  let released: SerialLock["parts"];
  beforeAll(async () => {
    site = await makeSite();
    await splitInto(site, SAMPLE);
    await build(site, NOW);
    lock = JSON.parse(await readFile(join(site.posts, "serial.lock.json"), "utf8"));
    released = lock.parts.filter((p) => Date.parse(p.date) <= Date.parse(NOW)).reverse();
  });

  test("the build at 2026-11-29 has released parts 1 to 8 of 10", () => {
    expect(released.map((p) => p.number)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
  });

  test("every feed check passes: xmllint, feedparser, newsboat, required elements, JSON schema, absolute URLs", async () => {
    expect(await feedProblems(site.out, lock, NOW)).toEqual([]);
  });

  // Debian's feedparser 6.0.10 reads RSS and Atom only (no JSON Feed support).
  (clients.feedparser ? test : test.skip).each(["feed.xml", "atom.xml"])(
    "feedparser reads %s: titles and links as on the pages",
    async (name) => {
      const parsed = await feedparser(join(site.out, name));
      expect(parsed.entries.map((e) => [e.title, e.link, e.id])).toEqual(
        released.map((p) => [
          `${p.title} (Part ${p.number} of ${lock.parts.length})`,
          `https://learning-together.example.org${p.permalink}`,
          p.guid,
        ]),
      );
      for (const p of released) {
        const html = await readFile(join(site.out, `posts/${p.slug}/index.html`), "utf8");
        expect(html).toContain(`<title>${p.title} · ${lock.series.name}</title>`);
      }
    },
  );

  // newsboat 2.21 reads RSS and Atom, not JSON Feed; it de-duplicates by GUID
  // across feeds, so each feed is read with its own cache.
  (clients.newsboat ? test : test.skip).each(["feed.xml", "atom.xml"])(
    "newsboat reading %s over http://127.0.0.1 lists every released part",
    async (name) => {
      const server = await serve(site.out);
      try {
        const items = await newsboat(`${server.origin}/${name}`);
        expect(items.map((i) => [i.title, i.guid])).toEqual(
          released.map((p) => [`${p.title} (Part ${p.number} of ${lock.parts.length})`, p.guid]),
        );
      } finally {
        await server.close();
      }
    },
  );
});
