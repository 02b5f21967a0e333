import { decodeFragment } from "../slug.js";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { MEDIA_DIR } from "../posts/media.js";
import type { LockedPart } from "../posts/lock.js";
import { createMarkdown } from "../report/markdown.js";
import { readFrontMatter } from "../report/frontmatter.js";

/** Relative image paths (as markdown-it reads them) in one post's Markdown body. */
export function imagesOf(markdown: string): string[] {
  const found = new Set<string>();
  const walk = (tokens: ReturnType<ReturnType<typeof createMarkdown>["parse"]>) => {
    for (const t of tokens) {
      if (t.type === "image") {
        const src = String(t.attrGet("src") ?? "");
        if (src && !/^(?:[a-z][a-z0-9+.-]*:|\/|#)/i.test(src)) found.add(src);
      }
      if (t.children) walk(t.children);
    }
  };
  walk(createMarkdown().parse(markdown, {}));
  return [...found];
}

/**
 * The media files (paths under `<postsDir>/media/`) that released parts
 * show, so the site publishes an image only once a part that uses it is out:
 * the release gate covers images too. Paths are decoded, without `./`,
 * query or fragment, and only those that exist are returned.
 *
 * @param released the parts released at the build's `now`.
 */
export function releasedMedia(postsDir: string, released: LockedPart[]): string[] {
  const files = new Set<string>();
  // Most reports have no images: then no post needs reading at all.
  if (!existsSync(join(postsDir, MEDIA_DIR))) return [];
  for (const part of released) {
    const file = join(postsDir, part.file);
    if (!existsSync(file)) continue;
    const text = readFileSync(file, "utf8");
    // Every CommonMark image, inline or by reference, starts with "![".
    if (!text.includes("![")) continue;
    const { body } = readFrontMatter(text.replace(/\r\n?/g, "\n"), file);
    for (const src of imagesOf(body)) {
      const path = decodeFragment(src.split(/[?#]/)[0]!.replace(/^\.\//, ""));
      if (existsSync(join(postsDir, MEDIA_DIR, path))) files.add(path);
    }
  }
  return [...files].sort();
}
