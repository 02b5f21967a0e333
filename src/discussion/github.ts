/**
 * Comments from GitHub Discussions, read with the GraphQL API
 * (@octokit/graphql; a token from `GITHUB_TOKEN`). A discussion belongs to
 * a section when its body holds the section's URL (the comment link
 * prefills "About <url>"), else when its title is the section's title; its
 * opening post is a top-level comment, and every comment and reply in it
 * answers that one (threads are one level deep). Minimized comments are
 * left out, as GitHub hides them.
 */
import { graphql } from "@octokit/graphql";
import { dropAboutParagraph, type ThreadIndex } from "./threads.js";
import type { DiscussionComment } from "./types.js";

/** Finds the category's node id from its slug (the one in the site settings). */
export const CATEGORY_QUERY = /* GraphQL */ `
  query SerialpressCategory($owner: String!, $name: String!, $slug: String!) {
    repository(owner: $owner, name: $name) {
      discussionCategory(slug: $slug) {
        id
      }
    }
  }
`;

/** One page of discussions in a category, most recently updated first, with their comments. */
export const DISCUSSIONS_QUERY = /* GraphQL */ `
  query SerialpressDiscussions($owner: String!, $name: String!, $category: ID, $after: String) {
    repository(owner: $owner, name: $name) {
      discussions(
        first: 25
        after: $after
        categoryId: $category
        orderBy: { field: UPDATED_AT, direction: DESC }
      ) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          url
          title
          body
          bodyHTML
          createdAt
          updatedAt
          author {
            login
          }
          comments(first: 100) {
            nodes {
              id
              url
              bodyHTML
              createdAt
              isMinimized
              author {
                login
              }
              replies(first: 100) {
                nodes {
                  id
                  url
                  bodyHTML
                  createdAt
                  isMinimized
                  author {
                    login
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`;

interface Post {
  id: string;
  url: string;
  bodyHTML: string;
  createdAt: string;
  isMinimized?: boolean;
  author: { login: string } | null;
}
interface Discussion extends Post {
  title: string;
  body: string;
  updatedAt: string;
  comments: { nodes: (Post & { replies: { nodes: Post[] } })[] };
}
interface DiscussionsPage {
  repository: {
    discussions: {
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: Discussion[];
    };
  } | null;
}

/** Options of {@link fetchGitHubDiscussions}. */
export interface GitHubOptions {
  /** `owner/name`. */
  repo: string;
  /** The category's slug. */
  category: string;
  /** GitHub's address (`https://github.com`, or a GitHub Enterprise Server's). */
  server?: string;
  token: string;
  /** Discussions not updated since this instant (ISO 8601) are not read again. */
  since?: string;
  /** Most pages of 25 discussions read in one fetch. Default 40. */
  maxPages?: number;
  signal?: AbortSignal;
}

/**
 * The GraphQL endpoint's base for a GitHub server: `https://api.github.com`
 * for github.com, `<server>/api` for GitHub Enterprise Server (whose
 * GraphQL endpoint is `<server>/api/graphql`).
 */
export function apiBase(server = "https://github.com"): string {
  const s = server.replace(/\/+$/, "");
  return s === "https://github.com" ? "https://api.github.com" : `${s}/api`;
}

/**
 * Reads the discussions of a category and turns those about sections into comments.
 *
 * @throws the client's error (HTTP status, GraphQL errors, rate limit) when a request fails.
 */
export async function fetchGitHubDiscussions(
  options: GitHubOptions,
  index: ThreadIndex,
): Promise<DiscussionComment[]> {
  const [owner, name] = options.repo.split("/") as [string, string];
  const client = graphql.defaults({
    baseUrl: apiBase(options.server),
    headers: { authorization: `token ${options.token}` },
    request: { signal: options.signal },
  });
  const category = await client<{
    repository: { discussionCategory: { id: string } | null } | null;
  }>(CATEGORY_QUERY, { owner, name, slug: options.category });
  const categoryId = category.repository?.discussionCategory?.id;
  if (!categoryId)
    throw new Error(`no discussion category "${options.category}" in ${options.repo}`);

  const comments: DiscussionComment[] = [];
  let after: string | null = null;
  for (let page = 0; page < (options.maxPages ?? 40); page++) {
    const data: DiscussionsPage = await client<DiscussionsPage>(DISCUSSIONS_QUERY, {
      owner,
      name,
      category: categoryId,
      after,
    });
    const discussions = data.repository?.discussions;
    if (!discussions) break;
    let older = false;
    for (const d of discussions.nodes) {
      if (options.since && d.updatedAt < options.since) older = true;
      comments.push(...discussionComments(d, index));
    }
    if (older || !discussions.pageInfo.hasNextPage) break;
    after = discussions.pageInfo.endCursor;
  }
  return comments;
}

/** The comments of one discussion, or none when it is about no section. */
export function discussionComments(d: Discussion, index: ThreadIndex): DiscussionComment[] {
  const target = index.fromText(d.body) ?? index.fromText(d.bodyHTML) ?? index.fromSubject(d.title);
  if (!target) return [];
  const root = `github:${d.id}`;
  const comment = (p: Post, parent?: string): DiscussionComment => ({
    id: `github:${p.id}`,
    source: "github-discussions",
    key: target.key,
    part: target.part,
    ...(parent ? { parent } : {}),
    author: p.author?.login ?? "ghost",
    date: new Date(p.createdAt).toISOString(),
    url: p.url,
    format: "html",
    body: parent ? p.bodyHTML : dropAboutParagraph(p.bodyHTML, index),
  });
  const out = [comment(d)];
  for (const c of d.comments.nodes) {
    if (!c.isMinimized) out.push(comment(c, root));
    for (const r of c.replies.nodes) if (!r.isMinimized) out.push(comment(r, root));
  }
  return out;
}
