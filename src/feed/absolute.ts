import posthtml from "posthtml";
import urls from "@11ty/posthtml-urls";

/**
 * Makes every URL in an HTML fragment absolute against `base` (the page the
 * fragment belongs to): `href`, `src`, each `srcset` candidate and the
 * like (via @11ty/posthtml-urls), so `#anchor` becomes `<base>#anchor` and
 * `/media/a.svg` becomes `<origin>/media/a.svg`. Feed readers resolve
 * relative URLs against the feed, not the page, so feeds need this.
 */
export async function absoluteUrls(html: string, base: string): Promise<string> {
  const result = await posthtml()
    .use(
      urls({ eachURL: (url: string) => (url.trim() === "" ? url : new URL(url, base).toString()) }),
    )
    .process(html);
  return result.html;
}
