import posthtml from "posthtml";
import urls from "@11ty/posthtml-urls";

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

/**
 * Makes every URL in an HTML fragment absolute against `base` (the absolute
 * URL of the page the fragment belongs to): `href`, `src`, each `srcset`
 * candidate, `poster`, `cite` and the like (via @11ty/posthtml-urls), so
 * `#anchor` becomes `<base>#anchor`, `../x/` resolves against the page and
 * `/media/a.svg` becomes `<root>media/a.svg` (`<origin>/media/a.svg` without `root`). Feed readers resolve
 * relative URLs against the feed, not the page, so feeds need this. Links
 * to a section in another part arrive already pointing at that part's page
 * (src/site/markdown.ts), so their `#anchor` resolves to the part holding it.
 */
export async function absoluteUrls(html: string, base: string, root?: string): Promise<string> {
  const result = await posthtml()
    .use(urls({ eachURL: (url: string) => absoluteUrl(url, base, root) }))
    .process(html);
  return result.html;
}
