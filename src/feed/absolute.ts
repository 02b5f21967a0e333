import parseSrcset from "parse-srcset";
import parseMetaRefresh from "http-equiv-refresh";
import { tokenizeHtml } from "../html-tokens.js";
import { spliceText, type TextEdit } from "../strings.js";

// A URL with a scheme (RFC 3986 §3.1) is absolute already and is kept byte for byte.
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Resolves one URL reference against `base` (site paths against `root`, the
 * site's address with a final slash, when given); keeps absolute URLs, empty
 * values and references that `new URL` rejects (a broken link stays as the
 * author wrote it rather than failing the build).
 */
export function absoluteUrl(url: string, base: string, root?: string): string {
  const trimmed = url.trim();
  if (trimmed === "" || HAS_SCHEME.test(trimmed)) return url;
  try {
    // A site path (`/posts/x/`) is relative to the site's root, which may sit below
    // the host's (https://owner.github.io/repo/).
    if (root && trimmed.startsWith("/") && !trimmed.startsWith("//")) {
      return new URL(trimmed.slice(1), root).toString();
    }
    return new URL(trimmed, base).toString();
  } catch {
    return url;
  }
}

/** How an attribute holds URLs: one, a `srcset` list, a `ping` list, or a meta refresh. */
type UrlKind = "url" | "srcset" | "ping" | "refresh";

/**
 * The attributes whose value is a URL (WHATWG HTML's index of attributes,
 * the same elements and attributes as @11ty/posthtml-urls, which Eleventy's
 * own HTML transforms use), by element.
 */
const URL_ATTRIBUTES: Record<string, Record<string, UrlKind>> = {
  a: { href: "url", ping: "ping" },
  area: { href: "url", ping: "ping" },
  audio: { src: "url" },
  base: { href: "url" },
  blockquote: { cite: "url" },
  button: { formaction: "url" },
  del: { cite: "url" },
  embed: { src: "url" },
  form: { action: "url" },
  iframe: { src: "url" },
  img: { src: "url", srcset: "srcset" },
  input: { formaction: "url", src: "url" },
  ins: { cite: "url" },
  link: { href: "url" },
  meta: { content: "refresh" },
  object: { data: "url" },
  q: { cite: "url" },
  script: { src: "url" },
  source: { src: "url", srcset: "srcset" },
  track: { src: "url" },
  video: { poster: "url", src: "url" },
};

/** The new text of one URL attribute's value, or undefined to keep it. */
function rewrite(
  kind: UrlKind,
  value: string,
  resolve: (url: string) => string,
  httpEquiv: string | undefined,
): string | undefined {
  switch (kind) {
    case "url":
      return resolve(value);
    case "srcset": {
      const candidates = parseSrcset(value);
      if (candidates.length === 0) return undefined;
      return candidates
        .map(({ url, w, h, d }) =>
          [
            resolve(url),
            w === undefined ? "" : ` ${w}w`,
            h === undefined ? "" : ` ${h}h`,
            d === undefined ? "" : ` ${d}x`,
          ].join(""),
        )
        .join(", ");
    }
    case "ping": {
      // HTML: a set of space-separated tokens, each a URL.
      const urls = value.split(/[\t\n\f\r ]+/).filter(Boolean);
      return urls.length ? urls.map(resolve).join(" ") : undefined;
    }
    case "refresh": {
      if (httpEquiv?.trim().toLowerCase() !== "refresh") return undefined;
      const { timeout, url } = parseMetaRefresh(value);
      return timeout === null ? undefined : `${timeout}; url=${resolve(url ?? "")}`;
    }
  }
}

/**
 * Makes every URL in an HTML fragment absolute against `base` (the absolute
 * URL of the page the fragment belongs to): `href`, `src`, each `srcset`
 * candidate, `poster`, `cite` and the like ({@link URL_ATTRIBUTES}), so
 * `#anchor` becomes `<base>#anchor`, `../x/` resolves against the page and
 * `/media/a.svg` becomes `<root>media/a.svg` (`<origin>/media/a.svg` without `root`). Feed readers resolve
 * relative URLs against the feed, not the page, so feeds need this. Links
 * to a section in another part arrive already pointing at that part's page
 * (src/site/markdown.ts), so their `#anchor` resolves to the part holding it.
 *
 * Tags and attributes are read by htmlparser2's tokenizer ({@link tokenizeHtml}), and only the URL
 * values are replaced: everything else stays byte for byte as it was (a
 * value is taken and written as it stands in the HTML, entities included).
 */
export function absoluteUrls(html: string, base: string, root?: string): string {
  const resolve = (url: string) => absoluteUrl(url, base, root);
  const edits: TextEdit[] = [];
  let tag: Record<string, UrlKind> | undefined;
  let attributes: { kind: UrlKind; start: number; end: number }[] = [];
  let httpEquiv: string | undefined;
  let name = "";
  let valueStart = -1;
  let valueEnd = -1;
  // The URL attributes of the tag being read; rewritten once the tag ends,
  // when its http-equiv (a meta refresh's condition) is known too.
  const apply = () => {
    for (const a of attributes) {
      const text = rewrite(a.kind, html.slice(a.start, a.end), resolve, httpEquiv);
      if (text !== undefined) edits.push({ start: a.start, end: a.end, text });
    }
  };
  tokenizeHtml(html, {
    onopentagname(start, end) {
      tag = URL_ATTRIBUTES[html.slice(start, end).toLowerCase()];
      attributes = [];
      httpEquiv = undefined;
    },
    onattribname(start, end) {
      name = html.slice(start, end).toLowerCase();
      valueStart = valueEnd = -1;
    },
    onattribdata(start, end) {
      if (valueStart < 0) valueStart = start;
      valueEnd = end;
    },
    onattribend() {
      if (!tag || valueStart < 0) return;
      if (name === "http-equiv") httpEquiv = html.slice(valueStart, valueEnd);
      const kind = tag[name];
      if (kind) attributes.push({ kind, start: valueStart, end: valueEnd });
    },
    onopentagend: apply,
    onselfclosingtag: apply,
  });
  return spliceText(html, edits);
}
