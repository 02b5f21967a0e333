import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";

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
