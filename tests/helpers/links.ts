import { LinkChecker } from "linkinator";

/** A link on the built site that leads nowhere. */
export interface BrokenLink {
  url: string;
  parent?: string;
  status?: number;
}

/**
 * Crawls a built site folder with linkinator (served on a local port) and
 * returns every broken local link, including `#fragment`s that name no id on
 * their target page. External links (other hosts, mailto:) are not followed.
 */
export async function brokenLinks(out: string): Promise<BrokenLink[]> {
  const checker = new LinkChecker();
  const result = await checker.check({
    path: out,
    recurse: true,
    checkFragments: true,
    linksToSkip: (link: string) =>
      Promise.resolve(!/^https?:\/\/(localhost|127\.0\.0\.1)[:/]/.test(link)),
  });
  return result.links
    .filter((l) => l.state === "BROKEN")
    .map((l) => ({ url: l.url, parent: l.parent, status: l.status }));
}
