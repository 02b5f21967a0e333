/**
 * `serialpress discussion fetch`: reads the comments back from the site's
 * channel into the snapshot the build shows. A channel that is down, slow
 * or rate-limited leaves the snapshot's comments as they were and is
 * reported as a warning naming it; it never fails the build that follows.
 */
import { DateTime } from "luxon";
import type { CommentChannel } from "../comments/links.js";
import type { SerialLock } from "../posts/lock.js";
import type { SiteSettings } from "../site/settings.js";
import { fetchDiscourse } from "./discourse.js";
import { fetchGitHubDiscussions } from "./github.js";
import { fetchPublicInbox, mailComments } from "./public-inbox.js";
import { mergeComments, recordFailure } from "./snapshot.js";
import { ThreadIndex } from "./threads.js";
import { readsBack } from "./channel.js";
import type { DiscussionComment, DiscussionSnapshot, DiscussionSource } from "./types.js";

/** Options of {@link fetchDiscussion}. */
export interface FetchOptions {
  site: SiteSettings;
  lock: SerialLock;
  snapshot: DiscussionSnapshot;
  /** The fetch's instant. */
  now: Date;
  /** Longest wait for the channel, in milliseconds (every request of the fetch together). Default 60,000. */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** What a fetch did. */
export interface FetchResult {
  snapshot: DiscussionSnapshot;
  source?: DiscussionSource;
  /** Comments not in the snapshot before. */
  added: number;
  /** Comments fetched again (an edited post replaces its old copy). */
  refetched: number;
  /** Why the channel's comments were kept as they were, naming the channel; absent on success. */
  warning?: string;
}

/** Days a fetch reaches back before the last one, for mail that arrived late. */
const OVERLAP_DAYS = 2;

/** Start of the fetch window: the last successful fetch less {@link OVERLAP_DAYS}, else the series' first release. */
function since(snapshot: DiscussionSnapshot, source: DiscussionSource, lock: SerialLock): string {
  const last = snapshot.channels[source]?.fetched;
  if (last) return DateTime.fromISO(last, { zone: "utc" }).minus({ days: OVERLAP_DAYS }).toISO()!;
  const first = lock.parts
    .map((p) => Date.parse(p.date))
    .reduce((a, b) => Math.min(a, b), Infinity);
  return new Date(Number.isFinite(first) ? first - 86_400_000 : 0).toISOString();
}

/**
 * Fetches the channel's comments and merges them into the snapshot.
 * Never throws for the channel's own failures (network, HTTP status,
 * timeout, rate limit, a missing token): those come back as `warning` with
 * the snapshot's comments unchanged and the failure recorded.
 */
export async function fetchDiscussion(options: FetchOptions): Promise<FetchResult> {
  const { site, lock, snapshot } = options;
  const at = options.now.toISOString();
  const source = readsBack(site.comments);
  if (!source) return { snapshot, added: 0, refetched: 0 };
  const index = new ThreadIndex(lock, site.url);
  const signal = AbortSignal.timeout(options.timeoutMs ?? 60_000);
  const from = since(snapshot, source, lock);
  const channel = site.comments;
  let fresh: DiscussionComment[];
  try {
    if (channel.channel === "mailto") {
      const raw = await fetchPublicInbox({ archive: channel.archive!, since: from, signal });
      const known = new Map(snapshot.comments.map((c) => [c.id, c]));
      fresh = await mailComments(raw, index, known, channel.archive!);
    } else if (channel.channel === "github-discussions") {
      const token = (options.env ?? process.env).GITHUB_TOKEN;
      if (!token) throw new Error("GITHUB_TOKEN is not set (the GraphQL API needs a token)");
      fresh = await fetchGitHubDiscussions(
        {
          repo: channel.repo,
          category: channel.category,
          server: channel.server,
          token,
          since: from,
          signal,
        },
        index,
      );
    } else if (channel.channel === "discourse") {
      fresh = await fetchDiscourse(
        { url: channel.url, category: channel.category, since: from, signal },
        index,
      );
    } else {
      fresh = [];
    }
  } catch (error) {
    const reason = describe(error);
    return {
      snapshot: recordFailure(snapshot, source, reason, at),
      source,
      added: 0,
      refetched: 0,
      warning: `${source} (${where(channel)}): ${reason}; the comments fetched before are kept.`,
    };
  }
  const before = new Set(snapshot.comments.map((c) => c.id));
  const added = fresh.filter((c) => !before.has(c.id)).length;
  return {
    snapshot: mergeComments(snapshot, source, fresh, at),
    source,
    added,
    refetched: fresh.length - added,
  };
}

const where = (channel: CommentChannel) =>
  channel.channel === "mailto"
    ? channel.archive
    : channel.channel === "github-discussions"
      ? channel.repo
      : channel.channel === "discourse"
        ? channel.url
        : channel.channel;

function describe(error: unknown): string {
  const e = error as Error & { status?: number; cause?: { code?: string } };
  if (e.name === "TimeoutError" || e.name === "AbortError") return "no answer in time";
  if (e.status === 403 || e.status === 429) return `rate-limited or refused (HTTP ${e.status})`;
  const code = e.cause?.code ? ` (${e.cause.code})` : "";
  return `${e.message}${code}`;
}
