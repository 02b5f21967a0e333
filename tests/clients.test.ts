import { beforeAll, describe, expect, test } from "@jest/globals";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import type { SerialLock } from "../src/posts/lock.js";
import { build, makeSite, splitInto, type TestSite } from "./helpers/site.js";
import { SAMPLE } from "./helpers/paths.js";

const run = promisify(execFile);
// Debian's python3 (the one on PATH may be a pyenv build without Debian's modules).
const PYTHON = "/usr/bin/python3";
const hasFeedparser =
  existsSync(PYTHON) &&
  (await run(PYTHON, ["-c", "import feedparser"]).then(
    () => true,
    () => false,
  ));
const hasXmllint = await run("xmllint", ["--version"]).then(
  () => true,
  () => false,
);
if (!hasFeedparser)
  console.warn(
    "SKIPPED feedparser checks: /usr/bin/python3 with python3-feedparser is not installed (apt-get install python3-feedparser).",
  );
if (!hasXmllint)
  console.warn("SKIPPED xmllint checks: xmllint is not installed (apt-get install libxml2-utils).");

describe("real clients read the sample's feeds", () => {
  let site: TestSite;
  let lock: SerialLock;
  beforeAll(async () => {
    site = await makeSite();
    await splitInto(site, SAMPLE);
    await build(site, "2026-11-29T12:00:00Z");
    lock = JSON.parse(await readFile(join(site.posts, "serial.lock.json"), "utf8"));
  });

  (hasXmllint ? test : test.skip).each(["feed.xml", "atom.xml"])(
    "xmllint parses %s with no message at all",
    async (name) => {
      const { stdout, stderr } = await run("xmllint", ["--noout", join(site.out, name)]);
      expect(stdout + stderr).toBe("");
    },
  );

  // Debian's feedparser 6.0.10 reads RSS and Atom only (no JSON Feed support).
  (hasFeedparser ? test : test.skip).each(["feed.xml", "atom.xml"])(
    "feedparser reads %s: not bozo, one entry per released part, titles and links as on the pages",
    async (name) => {
      const script = [
        "import feedparser, json, sys",
        "d = feedparser.parse(sys.argv[1])",
        "print(json.dumps({'bozo': bool(d.bozo), 'entries': [{'title': e.title, 'link': e.link, 'id': e.id} for e in d.entries]}))",
      ].join("\n");
      const { stdout } = await run(PYTHON, ["-c", script, join(site.out, name)]);
      const parsed = JSON.parse(stdout) as {
        bozo: boolean;
        entries: { title: string; link: string; id: string }[];
      };
      const released = lock.parts
        .filter((p) => Date.parse(p.date) <= Date.parse("2026-11-29T12:00:00Z"))
        .reverse();
      expect(parsed.bozo).toBe(false);
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
});
