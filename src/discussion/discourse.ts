/**
 * Comments from a Discourse forum through its public JSON API: the topics
 * of the category (`/c/<slug>.json`, or `/latest.json` without one), then
 * each topic's posts (`/t/<id>.json`, and `/t/<id>/posts.json` for posts
 * past the first page). A topic belongs to a section when its first post
 * links the section's URL (the comment link prefills "About <url>"), else
 * when its title is the section's; its first post is a top-level comment and
 * every later post answers it. Hidden, deleted and non-regular posts (small
 * actions, whispers) are left out.
 */
import type { ThreadIndex } from "./threads.js";
import { dropAboutParagraph } from "./threads.js";
import type { DiscussionComment } from "./types.js";
import { HttpStatusError } from "./http-error.js";

interface TopicSummary {
  id: number;
  slug: string;
  title: string;
  bumped_at?: string;
  last_posted_at?: string;
}
interface TopicList {
  topic_list: { topics: TopicSummary[]; more_topics_url?: string };
}
interface DiscoursePost {
  id: number;
  name?: string | null;
  username: string;
  created_at: string;
  cooked: string;
  post_number: number;
  post_type?: number;
  hidden?: boolean;
  deleted_at?: string | null;
  user_deleted?: boolean;
}
interface Topic {
  id: number;
  slug: string;
  title: string;
  post_stream: { posts: DiscoursePost[]; stream?: number[] };
}

/** Options of {@link fetchDiscourse}. */
export interface DiscourseOptions {
  /** The forum's address, e.g. `https://forum.example.org`. */
  url: string;
  /** Category slug, or `parent/child`. */
  category?: string;
  /** Topics not bumped since this instant (ISO 8601) are not read again. */
  since?: string;
  /** Most pages of topics read in one fetch. Default 20. */
  maxPages?: number;
  signal?: AbortSignal;
}

/** How many post ids one `/t/<id>/posts.json` request asks for. */
const POSTS_PER_REQUEST = 50;

/**
 * Reads a Discourse category's topics and turns those about sections into comments.
 *
 * @throws Error with the URL and HTTP status when the forum answers with an
 *   error (429 when rate-limited).
 */
export async function fetchDiscourse(
  options: DiscourseOptions,
  index: ThreadIndex,
): Promise<DiscussionComment[]> {
  const forum = options.url.replace(/\/+$/, "");
  const get = async <T>(path: string): Promise<T> => {
    const url = `${forum}${path}`;
    const response = await fetch(url, {
      headers: { accept: "application/json" },
      signal: options.signal,
    });
    if (!response.ok) throw new HttpStatusError(url, response);
    return (await response.json()) as T;
  };
  const list = options.category ? `/c/${options.category}.json` : "/latest.json";
  const comments: DiscussionComment[] = [];
  for (let page = 0; page < (options.maxPages ?? 20); page++) {
    const { topic_list } = await get<TopicList>(`${list}?page=${page}`);
    let older = false;
    for (const summary of topic_list.topics) {
      const bumped = summary.bumped_at ?? summary.last_posted_at;
      if (options.since && bumped && bumped < options.since) {
        older = true;
        continue;
      }
      const topic = await get<Topic>(`/t/${summary.id}.json`);
      const loaded = new Set(topic.post_stream.posts.map((p) => p.id));
      const missing = (topic.post_stream.stream ?? []).filter((id) => !loaded.has(id));
      for (let i = 0; i < missing.length; i += POSTS_PER_REQUEST) {
        const ids = missing.slice(i, i + POSTS_PER_REQUEST);
        const query = ids.map((id) => `post_ids[]=${id}`).join("&");
        const more = await get<{ post_stream: { posts: DiscoursePost[] } }>(
          `/t/${topic.id}/posts.json?${query}`,
        );
        topic.post_stream.posts.push(...more.post_stream.posts);
      }
      comments.push(...topicComments(topic, forum, index));
    }
    if (older || topic_list.topics.length === 0 || !topic_list.more_topics_url) break;
  }
  return comments;
}

/** The comments of one topic, or none when it is about no section. */
export function topicComments(
  topic: Topic,
  forum: string,
  index: ThreadIndex,
): DiscussionComment[] {
  const posts = [...topic.post_stream.posts].sort((a, b) => a.post_number - b.post_number);
  const first = posts.find((p) => p.post_number === 1);
  if (!first) return [];
  const target = index.fromText(first.cooked) ?? index.fromSubject(topic.title);
  if (!target) return [];
  const root = `discourse:${first.id}`;
  return posts
    .filter((p) => (p.post_type ?? 1) === 1 && !p.hidden && !p.deleted_at && !p.user_deleted)
    .map((p) => ({
      id: `discourse:${p.id}`,
      source: "discourse" as const,
      key: target.key,
      part: target.part,
      ...(p === first ? {} : { parent: root }),
      author: p.name?.trim() || p.username,
      date: new Date(p.created_at).toISOString(),
      url: `${forum}/t/${topic.slug}/${topic.id}/${p.post_number}`,
      format: "html" as const,
      body: p === first ? dropAboutParagraph(p.cooked, index) : p.cooked,
    }));
}
