/**
 * The shapes of the discussion: comments fetched from the series' channel
 * (a public-inbox mailing-list archive, GitHub Discussions, Discourse) and
 * the snapshot file the build reads them from.
 */

/** Channels serialpress can read comments back from. */
export type DiscussionSource = "public-inbox" | "github-discussions" | "discourse";

/**
 * One comment as the snapshot keeps it. Bodies are stored as the channel
 * gave them (after quote and signature stripping for mail) and rendered and
 * sanitized at build time, so a fix to the sanitizer applies to every
 * comment already fetched.
 */
export interface DiscussionComment {
  /**
   * Channel-scoped id, stable across fetches: `mail:<Message-ID without <>>`,
   * `github:<GraphQL node id>`, `discourse:<post id>`. The moderation list
   * (`comments.hide` in site settings) names comments by it.
   */
  id: string;
  source: DiscussionSource;
  /**
   * Thread key: the section's stable id from serial.lock.json, or
   * `part:<part id>` for a comment on a whole part.
   */
  key: string;
  /** Id of the part the comment was about when it was fetched (for sections later removed). */
  part: string;
  /** Id of the top-level comment this one replies to; threads are one level deep. */
  parent?: string;
  /** The author's display name or login; never an e-mail address. */
  author: string;
  /** When it was written, ISO 8601 in UTC. */
  date: string;
  /** Link to the original message or post. */
  url: string;
  /** `text`: plain text (mail), rendered as Markdown without HTML; `html`: the channel's own HTML. */
  format: "text" | "html";
  body: string;
}

/** What the last fetch of one channel did. */
export interface ChannelStatus {
  /** Last attempt, ISO 8601 UTC. */
  attempted: string;
  /** Last successful fetch, ISO 8601 UTC (absent until one succeeds). */
  fetched?: string;
  /** The error of the last attempt when it failed. */
  error?: string;
}

/**
 * The snapshot file (`posts/discussion.json` by default): every comment ever
 * fetched, and each channel's last fetch. Version 1.
 */
export interface DiscussionSnapshot {
  version: 1;
  channels: Partial<Record<DiscussionSource, ChannelStatus>>;
  /** Oldest first, then by id. */
  comments: DiscussionComment[];
}

/** Where a thread key belongs: its part and, for a section, whether the section still exists. */
export interface ThreadTarget {
  key: string;
  part: string;
}
