/**
 * Repairs for the defects of the `feed` package 6.0.0 (and of xml-js 1.6.11,
 * which it writes XML with). Each export names the defect it covers;
 * feeds.ts applies them around `feed`'s renderers, and
 * tests/feed-repair.test.ts pins each defect next to its repair, so a repair
 * can go once `feed` is fixed. The known defects and where they are covered:
 *
 * 1. only the first `]]>` in a text is escaped: {@link cdataText} + {@link closeCdata};
 * 2. control characters pass through: {@link xmlChars};
 * 3. extension elements get no namespace declaration: {@link declareNamespaces};
 * 4. Atom ignores item extensions: {@link addAtomEntryChildren};
 * 5. the JSON feed says version 1: {@link jsonFeed11};
 * 6. a feed without `updated` is stamped with the build time: {@link newestDate}
 *    gives the date feeds.ts always passes.
 *
 * 7. Atom entry titles are always `type="html"`: {@link atomTextTitles}.
 *
 * Also: xml-js turns a literal `&amp;` in element text into `&` ({@link xmlText}).
 */

/** Namespaces serialpress feeds may use, by prefix. */
export const NAMESPACES: Readonly<Record<string, string>> = {
  atom: "http://www.w3.org/2005/Atom",
  content: "http://purl.org/rss/1.0/modules/content/",
  dc: "http://purl.org/dc/elements/1.1/",
  // RFC 4685 (Atom Threading Extensions) §2.
  thr: "http://purl.org/syndication/thread/1.0",
  // Comment feeds and counts in RSS: the Well-Formed Web Comment API's
  // `wfw:commentRss` and the RSS 1.0 Slash module's `slash:comments`.
  wfw: "http://wellformedweb.org/CommentAPI/",
  slash: "http://purl.org/rss/1.0/modules/slash/",
};

// XML 1.0 §2.2 `Char`: C0 controls other than tab, LF and CR, U+FFFE, U+FFFF
// and unpaired surrogates are not characters of an XML document.
const NOT_XML_CHAR =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Defect 2: removes what XML 1.0 §2.2 does not allow in a document (C0
 * controls except tab, LF and CR; U+FFFE; U+FFFF; lone surrogates), which
 * `feed` passes through and strict parsers reject.
 */
export function xmlChars(text: string): string {
  return text.replace(NOT_XML_CHAR, "");
}

/**
 * For a text `feed` writes as element text (channel title, description,
 * author name...): {@link xmlChars}, and a literal `&amp;` protected from
 * xml-js, which turns `&amp;` into `&` before it escapes `&`, so the text
 * `Fish &amp; chips` would otherwise read back as `Fish & chips`.
 */
export function xmlText(text: string): string {
  return xmlChars(text).replaceAll("&amp;", "&amp;amp;");
}

// U+FFFF never survives xmlChars(), so it cannot collide with a text's own characters.
const CDATA_END_MARK = "\uFFFF";

/**
 * Defect 1, first half: for a text `feed` writes in a CDATA section (RSS
 * item title and `content:encoded`, Atom entry title and content). xml-js
 * escapes `]]>` with a string `replace`, which replaces the first occurrence
 * only, so a second `]]>` ends the section early and breaks the XML. This
 * applies {@link xmlChars} and replaces every `]]>` with a mark that
 * {@link closeCdata} turns into a proper split of the section.
 */
export function cdataText(text: string): string {
  return xmlChars(text).replaceAll("]]>", CDATA_END_MARK);
}

/**
 * Defect 1, second half: in XML rendered from {@link cdataText} texts, ends
 * and reopens the CDATA section at each `]]>` (`]]]]><![CDATA[>`, the
 * standard escape: XML 1.0 §2.7), so the text reads back exactly.
 */
export function closeCdata(xml: string): string {
  return xml.replaceAll(CDATA_END_MARK, "]]]]><![CDATA[>");
}

/**
 * Applies `fn` to the markup of a well-formed XML document and never to its
 * CDATA sections (whose text may look like markup: `</entry>` in a post
 * about feeds). `feed` writes no comments or processing instructions other
 * than the declaration, so CDATA sections are the only text that can hold `<`.
 */
function mapMarkup(xml: string, fn: (markup: string) => string): string {
  return xml
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((segment, i) => (i % 2 === 1 ? segment : fn(segment)))
    .join("");
}

/**
 * Defect 3: declares on the root element every namespace prefix the
 * document uses in an element or attribute name but does not declare
 * (`feed` writes extension elements such as `dc:creator` without a
 * declaration, a namespace error for xmllint and feed readers), plus
 * the prefixes in `also`.
 *
 * @param namespaces URI by prefix, {@link NAMESPACES} by default.
 * @throws Error when a prefix has no URI in `namespaces` (a serialpress bug).
 */
export function declareNamespaces(
  xml: string,
  also: string[] = [],
  namespaces: Readonly<Record<string, string>> = NAMESPACES,
): string {
  const used = new Set(also);
  mapMarkup(xml, (markup) => {
    // Element text has `<` escaped, so each `<` in markup opens a tag; quoted values may hold `>`.
    for (const tag of markup.matchAll(/<\/?([^\s/>!?]+)((?:[^>"]|"[^"]*")*)>/g)) {
      const [name, attributes] = [tag[1]!, tag[2]!.replace(/"[^"]*"/g, '""')];
      if (name.includes(":")) used.add(name.slice(0, name.indexOf(":")));
      for (const a of attributes.matchAll(/\s([A-Za-z_][\w.-]*):[\w.-]+\s*=/g)) used.add(a[1]!);
    }
    return markup;
  });
  const root = /<(?![?!])[^\s/>]+([^>]*?)(\/?)>/.exec(xml);
  if (!root) throw new Error("declareNamespaces: the document has no root element");
  const declared = new Set([...root[1]!.matchAll(/\sxmlns:([\w.-]+)\s*=/g)].map((m) => m[1]!));
  const missing = [...used].filter((p) => p !== "xml" && p !== "xmlns" && !declared.has(p));
  if (missing.length === 0) return xml;
  const declarations = missing
    .sort()
    .map((prefix) => {
      const uri = namespaces[prefix];
      if (!uri) throw new Error(`declareNamespaces: no namespace URI known for prefix "${prefix}"`);
      return ` xmlns:${prefix}="${escapeAttribute(uri)}"`;
    })
    .join("");
  const end = root.index + root[0].length - root[2]!.length - 1;
  return xml.slice(0, end) + declarations + xml.slice(end);
}

/**
 * Defect 4: `feed` writes no item extensions into Atom entries. Inserts
 * `children[i]` (XML, e.g. from {@link xmlElement}) as the last children of
 * the i-th `<entry>`, in document order.
 *
 * @throws Error when the number of entries differs from `children.length`.
 */
export function addAtomEntryChildren(xml: string, children: string[]): string {
  let i = 0;
  const out = mapMarkup(xml, (markup) =>
    markup.replace(/([ \t]*)<\/entry>/g, (close, indent: string) => {
      const extra = children[i++];
      return extra ? `${indent}    ${extra}\n${close}` : close;
    }),
  );
  if (i !== children.length)
    throw new Error(`addAtomEntryChildren: ${i} entries but ${children.length} sets of children`);
  return out;
}

/** An empty XML element `<name a="v"/>` with its attribute values escaped (XML 1.0 §3.1). */
export function xmlElement(name: string, attributes: Record<string, string>): string {
  const attrs = Object.entries(attributes)
    .map(([k, v]) => ` ${k}="${escapeAttribute(xmlChars(v))}"`)
    .join("");
  return `<${name}${attrs}/>`;
}

function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** An author as JSON Feed writes one (https://www.jsonfeed.org/version/1.1/#authors). */
interface JsonAuthor {
  name?: string;
  url?: string;
  avatar?: string;
}

/**
 * Defect 5: `feed` writes a JSON Feed that says version 1 and uses 1.0's
 * singular `author`. Returns the feed as JSON Feed 1.1
 * (https://www.jsonfeed.org/version/1.1/): `version` 1.1, `authors` arrays
 * on the feed and its items (the deprecated `author` is kept for 1.0
 * readers, as 1.1 allows), and the feed's `language` (RFC 5646) when given.
 * Output: 2-space indented JSON with a final newline.
 */
export function jsonFeed11(json: string, language?: string): string {
  const feed = JSON.parse(json) as Record<string, unknown> & {
    author?: JsonAuthor;
    items: (Record<string, unknown> & { author?: JsonAuthor })[];
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(feed)) {
    if (key === "items") {
      if (language) out.language = language;
      out.items = feed.items.map((item) =>
        item.author && !item.authors ? withAfter(item, "author", "authors", [item.author]) : item,
      );
    } else {
      out[key] = key === "version" ? "https://jsonfeed.org/version/1.1" : value;
      if (key === "author" && value) out.authors = [value];
    }
  }
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** A copy of `object` with `key: value` placed right after `after` (stable key order, stable bytes). */
function withAfter(
  object: Record<string, unknown>,
  after: string,
  key: string,
  value: unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(object)) {
    out[k] = v;
    if (k === after) out[key] = value;
  }
  return out;
}

/**
 * Defect 6: the date to pass as the feed's `updated`, so `feed` never
 * stamps the build time: the newest of `dates`, or the Unix epoch for a
 * feed with no items (a fixed value, so an empty feed is stable too).
 */
export function newestDate(dates: Date[]): Date {
  return new Date(Math.max(0, ...dates.map((d) => d.getTime())));
}

/**
 * Defect 7: `feed` writes every Atom entry title as `type="html"`, so a
 * title's `&` or `<` must be escaped HTML, and readers that show the raw text
 * (feedparser hands applications `&amp;`) show entities. Marks entry titles
 * `type="text"` (RFC 4287 §3.1.1.1): the title's CDATA is then its plain text.
 */
export function atomTextTitles(xml: string): string {
  return mapMarkup(xml, (markup) =>
    markup.replaceAll('<title type="html">', '<title type="text">'),
  );
}
