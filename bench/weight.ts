// Page weight of a built site: what a reader's browser or feed reader downloads.
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/** Sizes in bytes; `gzip` is the same bytes compressed at zlib's default level. */
export interface Weight {
  bytes: number;
  gzip: number;
}

/** Page weight of one built site. */
export interface SiteWeight {
  /** Output path of the largest post page, e.g. `posts/glossary/index.html`. */
  largestPost: string;
  /** That page's HTML plus every stylesheet it links. */
  largestPostWithCss: Weight;
  /** The whole-report page (`report/index.html`) plus its stylesheets. */
  wholeReportWithCss: Weight;
  /** Each feed file: `feed.xml` (RSS), `atom.xml`, `feed.json`. */
  feeds: Record<"feed.xml" | "atom.xml" | "feed.json", Weight>;
}

const STYLESHEET = /<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"/g;

async function weigh(files: string[]): Promise<Weight> {
  const buffers = await Promise.all(files.map((f) => readFile(f)));
  const all = Buffer.concat(buffers);
  return { bytes: all.length, gzip: gzipSync(all).length };
}

/** An HTML page and the site-absolute stylesheets it links, weighed together. */
async function pageWithCss(out: string, page: string): Promise<Weight> {
  const html = await readFile(join(out, page), "utf8");
  const css = [...html.matchAll(STYLESHEET)]
    .map((m) => m[1]!)
    .filter((href) => href.startsWith("/"))
    .map((href) => join(out, href));
  return weigh([join(out, page), ...css]);
}

/**
 * Weighs a built serialpress site in `out` (Eleventy's output folder).
 *
 * @throws Error when the site has no post page or misses a feed.
 */
export async function siteWeight(out: string): Promise<SiteWeight> {
  let largestPost = "";
  let largest = -1;
  for (const slug of await readdir(join(out, "posts"))) {
    const page = join("posts", slug, "index.html");
    const size = await stat(join(out, page)).then(
      (s) => s.size,
      () => -1,
    );
    if (size > largest) [largest, largestPost] = [size, page];
  }
  if (largest < 0) throw new Error(`no post page under ${join(out, "posts")}`);
  const feed = (name: string) => weigh([join(out, name)]);
  return {
    largestPost,
    largestPostWithCss: await pageWithCss(out, largestPost),
    wholeReportWithCss: await pageWithCss(out, "report/index.html"),
    feeds: {
      "feed.xml": await feed("feed.xml"),
      "atom.xml": await feed("atom.xml"),
      "feed.json": await feed("feed.json"),
    },
  };
}
