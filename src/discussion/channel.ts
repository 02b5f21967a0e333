import type { CommentChannel } from "../comments/links.js";
import type { DiscussionSource } from "./types.js";

/**
 * The channel serialpress reads comments back from, or undefined for a
 * channel it can only link to (`github-issues`, `url`, `mailto` without an
 * `archive`). Kept apart from the fetchers so a build loads none of them.
 */
export function readsBack(channel: CommentChannel): DiscussionSource | undefined {
  if (channel.channel === "mailto") return channel.archive ? "public-inbox" : undefined;
  if (channel.channel === "github-discussions" || channel.channel === "discourse")
    return channel.channel;
  return undefined;
}
