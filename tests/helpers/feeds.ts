import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { uiFor } from "../../src/site/i18n.js";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { SerialLock } from "../../src/posts/lock.js";
import { clients, feedparser, newsboat, serve, xmllint } from "./clients.js";
import { ROOT } from "./paths.js";

/** The three feeds of a built site, parsed strictly. */
export interface ParsedFeeds {
  rssItems: { title: string; link: string; guid: string }[];
  atomEntries: { title: string; id: string; link: string }[];
  jsonItems: { id: string; url: string; title: string }[];
  json: Record<string, unknown>;
}

const asArray = <T>(x: T | T[] | undefined): T[] =>
  x === undefined ? [] : Array.isArray(x) ? x : [x];

/**
 * Reads `feed.xml`, `atom.xml` and `feed.json` from a built site; the XML is
 * checked by a validating parser first (throws on any well-formedness error).
 */
export async function readFeeds(out: string): Promise<ParsedFeeds> {
  const rss = await readFile(join(out, "feed.xml"), "utf8");
  const atom = await readFile(join(out, "atom.xml"), "utf8");
  for (const [name, xml] of [
    ["feed.xml", rss],
    ["atom.xml", atom],
  ] as const) {
    const valid = XMLValidator.validate(xml);
    if (valid !== true)
      throw new Error(`${name} is not well-formed XML: ${JSON.stringify(valid.err)}`);
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    textNodeName: "#text",
  });
  const text = (v: unknown): string =>
    typeof v === "object" && v !== null
      ? String((v as Record<string, unknown>)["#text"])
      : String(v);
  const channel = parser.parse(rss).rss.channel;
  const feed = parser.parse(atom).feed;
  const json = JSON.parse(await readFile(join(out, "feed.json"), "utf8")) as Record<
    string,
    unknown
  >;
  return {
    rssItems: asArray(channel.item).map((i: Record<string, unknown>) => ({
      title: text(i.title),
      link: text(i.link),
      guid: text(i.guid),
    })),
    atomEntries: asArray(feed.entry).map((e: Record<string, unknown>) => ({
      title: text(e.title),
      id: text(e.id),
      link: String(
        (asArray(e.link as Record<string, string>[]).find(
          (l) => !l["@rel"] || l["@rel"] === "alternate",
        ) ?? {})["@href"],
      ),
    })),
    jsonItems: (json.items as { id: string; url: string; title: string }[]).map(
      ({ id, url, title }) => ({ id, url, title }),
    ),
    json,
  };
}

// ---- Strict checks shared by the feed tests ----

type Node = Record<string, unknown[]> & Record<`@${string}`, string>;

/** Parses XML with every element as an array (so a test can count them); attributes as `@name`. */
export function parseStrict(xml: string): Node {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid.err)}`);
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    textNodeName: "#text",
    parseTagValue: false,
    trimValues: false,
    isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
  }).parse(xml) as Node;
}

/** The text of a parsed element (CDATA and text joined). */
export function textOf(node: unknown): string {
  if (node === undefined) return "";
  if (typeof node !== "object" || node === null) return String(node);
  const text = (node as Record<string, unknown>)["#text"];
  return text === undefined ? "" : Array.isArray(text) ? text.join("") : String(text);
}

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/;

/**
 * What RSS 2.0 (https://www.rssboard.org/rss-specification) requires and a
 * document lacks: `rss` with version 2.0, one channel with exactly one
 * non-empty `title` and `link` and one `description`; each item with a title
 * or a description. Returns one line per problem (empty when valid).
 */
export function rssProblems(xml: string): string[] {
  const problems: string[] = [];
  const rss = (parseStrict(xml).rss ?? []) as Node[];
  if (rss.length !== 1 || rss[0]!["@version"] !== "2.0") return ['no <rss version="2.0">'];
  const channels = (rss[0]!.channel ?? []) as Node[];
  if (channels.length !== 1) return [`${channels.length} <channel> elements`];
  const channel = channels[0]!;
  for (const name of ["title", "link", "description"]) {
    const found = (channel[name] ?? []) as unknown[];
    if (found.length !== 1) problems.push(`channel has ${found.length} <${name}>`);
    else if (name !== "description" && textOf(found[0]).trim() === "")
      problems.push(`channel <${name}> is empty`);
  }
  ((channel.item ?? []) as Node[]).forEach((item, i) => {
    if (!item.title && !item.description)
      problems.push(`item ${i + 1} has no title or description`);
  });
  return problems;
}

/**
 * What RFC 4287 requires of a feed and its entries and a document lacks:
 * exactly one `id`, `title` and `updated` (an RFC 3339 date) each; a
 * `link rel="alternate"` (no `rel` means alternate, §4.2.7.2); an
 * `author` on the feed or on every entry (§4.1.1, §4.1.2). Returns one
 * line per problem (empty when valid).
 */
export function atomProblems(xml: string): string[] {
  const problems: string[] = [];
  const feeds = (parseStrict(xml).feed ?? []) as Node[];
  if (feeds.length !== 1 || feeds[0]!["@xmlns"] !== "http://www.w3.org/2005/Atom")
    return ["no <feed> in the Atom namespace"];
  const feed = feeds[0]!;
  const check = (node: Node, where: string) => {
    for (const name of ["id", "title", "updated"]) {
      const found = (node[name] ?? []) as unknown[];
      if (found.length !== 1) problems.push(`${where} has ${found.length} <${name}>`);
    }
    const updated = textOf(((node.updated ?? []) as unknown[])[0]);
    if (!RFC3339.test(updated)) problems.push(`${where} <updated> "${updated}" is not RFC 3339`);
    const alternate = ((node.link ?? []) as Node[]).filter(
      (l) => (l["@rel"] ?? "alternate") === "alternate" && l["@href"],
    );
    if (alternate.length === 0) problems.push(`${where} has no <link rel="alternate">`);
  };
  check(feed, "feed");
  const feedAuthor = ((feed.author ?? []) as Node[]).some((a) => textOf(a.name?.[0]) !== "");
  ((feed.entry ?? []) as Node[]).forEach((entry, i) => {
    check(entry, `entry ${i + 1}`);
    const entryAuthor = ((entry.author ?? []) as Node[]).some((a) => textOf(a.name?.[0]) !== "");
    if (!feedAuthor && !entryAuthor)
      problems.push(`entry ${i + 1} has no author (nor has the feed)`);
  });
  return problems;
}

const addFormats =
  (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule;
const ajv = new Ajv({ allErrors: true });
(addFormats as unknown as (a: Ajv) => void)(ajv);
const validateJson = ajv.compile(
  JSON.parse(readFileSync(join(ROOT, "tests/schemas/jsonfeed-1.1.schema.json"), "utf8")),
);

/** Errors of a JSON Feed against tests/schemas/jsonfeed-1.1.schema.json (empty when valid). */
export function jsonFeedProblems(json: unknown): string[] {
  return validateJson(json)
    ? []
    : (validateJson.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
}

/** Every URL an HTML fragment refers to: `href`, `src`, `poster`, `cite` and each `srcset` candidate. */
export function urlsIn(html: string): string[] {
  const urls: string[] = [];
  for (const m of html.matchAll(/\s(href|src|poster|cite|srcset)="([^"]*)"/g)) {
    if (m[1] === "srcset") urls.push(...m[2]!.split(",").map((c) => c.trim().split(/\s+/)[0]!));
    else urls.push(m[2]!.replace(/&amp;/g, "&"));
  }
  return urls;
}

/**
 * Every check of issue 6 on a built site's feeds, as one list of problems
 * (empty when all pass), so a test can run them on any report: xmllint with
 * no message, feedparser not bozo with one entry per released part and its
 * title/link/GUID, newsboat over http://127.0.0.1 listing every released
 * part, the RSS 2.0 and RFC 4287 required elements, the JSON Feed 1.1
 * schema, and only absolute URLs in item content. Clients that are not
 * installed are skipped (clients.ts warns once).
 */
export async function feedProblems(
  out: string,
  lock: SerialLock,
  now: string,
  site = "https://learning-together.example.org",
  feedItems = 20,
): Promise<string[]> {
  // Item titles say "Part N of M" in the series' language (src/site/locales).
  const words = uiFor(lock.series.lang ?? "en", () => {});
  const partOf = (n: number, m: number) => words.text("partOf", { n, m });
  const problems: string[] = [];
  // The newest `feedItems` released parts (the site's default cap).
  const released = lock.parts
    .filter((p) => Date.parse(p.date) <= Date.parse(now))
    .reverse()
    .slice(0, feedItems);
  const expected = released.map((p) => ({
    title: `${p.title.trim() ? `${p.title.trim()} (` : ""}${partOf(p.number, lock.parts.length)}${p.title.trim() ? ")" : ""}`,
    link: new URL(`${site}${p.permalink}`).href,
    id: p.guid,
  }));
  const rss = await readFile(join(out, "feed.xml"), "utf8");
  const atom = await readFile(join(out, "atom.xml"), "utf8");
  const json = JSON.parse(await readFile(join(out, "feed.json"), "utf8")) as {
    items: { id: string; url: string; title: string; content_html: string }[];
  };
  const same = (what: string, got: unknown[], want: unknown[]) => {
    if (got.length !== want.length)
      problems.push(`${what}: ${got.length} items, want ${want.length}`);
    const i = got.findIndex((g, k) => JSON.stringify(g) !== JSON.stringify(want[k]));
    if (i >= 0)
      problems.push(
        `${what} [${i}]: got ${JSON.stringify(got[i])}, want ${JSON.stringify(want[i])}`,
      );
  };
  for (const [name, xml] of [
    ["feed.xml", rss],
    ["atom.xml", atom],
  ] as const) {
    if (clients.xmllint) {
      const said = await xmllint(xml);
      if (said) problems.push(`xmllint ${name}: ${said.slice(0, 500)}`);
    }
    if (clients.feedparser) {
      const parsed = await feedparser(join(out, name));
      if (parsed.bozo) problems.push(`feedparser ${name}: bozo (${parsed.bozoException})`);
      same(
        `feedparser ${name} entries`,
        parsed.entries.map((e) => ({ title: e.title, link: e.link, id: e.id })),
        expected,
      );
    }
  }
  if (clients.newsboat) {
    const server = await serve(out);
    try {
      for (const name of ["feed.xml", "atom.xml"]) {
        const items = await newsboat(`${server.origin}/${name}`);
        same(
          `newsboat ${name} items`,
          items.map((i) => ({ title: i.title, link: i.url, id: i.guid })),
          expected,
        );
      }
    } finally {
      await server.close();
    }
  }
  problems.push(...rssProblems(rss).map((p) => `feed.xml: ${p}`));
  problems.push(...atomProblems(atom).map((p) => `atom.xml: ${p}`));
  problems.push(...jsonFeedProblems(json).map((p) => `feed.json: ${p}`));
  same(
    "feed.json items",
    json.items.map((i) => ({ title: i.title, link: i.url, id: i.id })),
    expected,
  );
  for (const item of json.items) {
    const relative = urlsIn(item.content_html).filter((u) => !/^[a-z][a-z0-9+.-]*:/i.test(u));
    if (relative.length > 0)
      problems.push(`feed.json ${item.url}: relative URLs ${relative.join(" ")}`);
  }
  return problems;
}
