/**
 * Comment links: one per section and one per part, each a plain link to the
 * discussion channel the publisher chose in site settings (`comments` in
 * `_data/site.json`, validated by src/site/site.schema.json).
 */
import { assembleUrl, encodeQueryValue, type UrlPiece } from "./encode.js";
import { expandTemplate, parseTemplate } from "./template.js";

export { encodeQueryValue } from "./encode.js";

/** Settings every channel shares: the moderation list of the discussion shown on the pages. */
interface ChannelCommon {
  /**
   * Ids of comments never to show (`mail:<Message-ID>`, `github:<node id>`,
   * `discourse:<post id>`; each comment's id is on its page as `data-comment`).
   */
  hide?: string[];
}

/** Mailing list (or any address): RFC 6068 `mailto:` URL with subject and body. */
export interface MailtoChannel extends ChannelCommon {
  channel: "mailto";
  /** The list or editor address, an RFC 5322 addr-spec such as `list@example.org`. */
  address: string;
  /**
   * The list's public-inbox archive, e.g. `https://lists.example.org/learning-together/`:
   * where `serialpress discussion fetch` reads the comments back from.
   */
  archive?: string;
}

/** A new GitHub Discussion in one category, with title and body prefilled. */
export interface GitHubDiscussionsChannel extends ChannelCommon {
  channel: "github-discussions";
  /** `owner/name` of the repository. */
  repo: string;
  /** The category's slug, as in the address of its page, e.g. `general` or `q-a`. */
  category: string;
  /** Labels to prefill (the reader needs permission to label for them to stick). */
  labels?: string[];
  /** GitHub's address; another for GitHub Enterprise Server. Default `https://github.com`. */
  server?: string;
}

/** A new GitHub issue, with title, body and labels prefilled. */
export interface GitHubIssuesChannel extends ChannelCommon {
  channel: "github-issues";
  repo: string;
  labels?: string[];
  server?: string;
}

/** A new topic on a Discourse forum (its `/new-topic` route). */
export interface DiscourseChannel extends ChannelCommon {
  channel: "discourse";
  /** The forum's address, e.g. `https://forum.example.org` (a subfolder install keeps its path). */
  url: string;
  /** Category slug, or `parent/child` for a subcategory. */
  category?: string;
  tags?: string[];
}

/**
 * Any other system: a URL template with placeholders `{url}` (the section's
 * absolute URL), `{title}` (the comment subject), `{part}` (the part number),
 * `{section}` (the section title) and `{id}` (the thread key), each
 * percent-encoded for where it stands (path, query or fragment).
 */
export interface UrlTemplateChannel extends ChannelCommon {
  channel: "url";
  template: string;
}

/** Comment channels the site can link to, told apart by `channel`. */
export type CommentChannel =
  | MailtoChannel
  | GitHubDiscussionsChannel
  | GitHubIssuesChannel
  | DiscourseChannel
  | UrlTemplateChannel;

/** What a comment link is about. */
export interface CommentTarget {
  series: string;
  partNumber: number;
  partTitle: string;
  /** Absent for the link that comments on the whole part. */
  sectionTitle?: string;
  /** Absolute URL of the section (`…/#id`) or part being discussed (on its post page). */
  url: string;
  /**
   * Thread key: the section's stable id, or `part:<part id>` for the whole
   * part, the same on the post page, the whole-report page and in feeds.
   */
  id: string;
}

/**
 * Longest comment URL generated, in characters: the conventional safe length
 * for a URL in browsers, mail clients and servers (old Internet Explorer
 * stopped at 2,083; GitHub answers 414 a little past 8 KB). Longer URLs have
 * their body shortened, then their title.
 */
export const MAX_COMMENT_URL_LENGTH = 2000;

/**
 * Absolute URL of a part's page, or of a section on it when `id` is given,
 * as an ASCII URI (RFC 3986): the permalink's other characters and the
 * whole id percent-encoded, so mail clients and forums link all of it.
 * The same for a section wherever its comment link is rendered.
 */
export function targetUrl(siteUrl: string, permalink: string, id?: string): string {
  return `${siteUrl}${encodeURI(permalink)}${id === undefined ? "" : `#${encodeURIComponent(id)}`}`;
}

/** Subject line for a comment: `[<series>] Part N: <part> – <section>`. */
export function commentSubject(target: CommentTarget): string {
  const base = `[${target.series}] Part ${target.partNumber}: ${target.partTitle}`;
  return target.sectionTitle && target.sectionTitle !== target.partTitle
    ? `${base} – ${target.sectionTitle}`
    : base;
}

/** Title of a new issue, discussion or topic: the section's title, or `Part N: <part>`. */
export function threadTitle(target: CommentTarget): string {
  return target.sectionTitle ?? `Part ${target.partNumber}: ${target.partTitle}`;
}

/** Body of a new issue, discussion or topic: the URL first (it survives shortening), then the subject. */
export function threadBody(target: CommentTarget): string {
  return `About ${target.url}\n${commentSubject(target)}\n\n`;
}

const list = (values: string[] | undefined) => values?.map(encodeQueryValue).join(",") ?? "";
const trimmed = (name: string, value: string, trim: number): UrlPiece[] => [
  { text: `&${name}=` },
  { text: encodeQueryValue(value), trim },
];

/**
 * The comment URL for a target on a channel, at most
 * {@link MAX_COMMENT_URL_LENGTH} characters (the body is shortened first,
 * then the title, never inside a `%XX` escape or a character).
 *
 * - `mailto`: RFC 6068 §2; the address as written, `subject` and `body`
 *   percent-encoded (a space is `%20`); the body holds the section URL.
 * - `github-issues`: `<server>/<repo>/issues/new?title=&body=&labels=a,b`;
 *   `github-discussions`: `<server>/<repo>/discussions/new?category=&title=&body=&labels=`
 *   (the query parameters GitHub documents for prefilling).
 * - `discourse`: `<url>/new-topic?title=&body=&category=&tags=a,b`.
 * - `url`: the template with each placeholder encoded for its position.
 *
 * @throws SettingError when a `url` template is malformed (settings are
 *   validated at build start, so a build never gets this far with one).
 */
export function commentUrl(channel: CommentChannel, target: CommentTarget): string {
  const title = threadTitle(target);
  const body = threadBody(target);
  let pieces: UrlPiece[];
  switch (channel.channel) {
    case "mailto":
      pieces = [
        { text: `mailto:${channel.address}?subject=` },
        { text: encodeQueryValue(commentSubject(target)), trim: 2 },
        ...trimmed("body", `About ${target.url}\n\n`, 1),
      ];
      break;
    case "github-issues":
    case "github-discussions": {
      const base = `${(channel.server ?? "https://github.com").replace(/\/+$/, "")}/${channel.repo}`;
      const labels = channel.labels?.length ? [{ text: `&labels=${list(channel.labels)}` }] : [];
      pieces =
        channel.channel === "github-issues"
          ? [{ text: `${base}/issues/new?title=` }]
          : [
              {
                text: `${base}/discussions/new?category=${encodeQueryValue(channel.category)}&title=`,
              },
            ];
      pieces.push(
        { text: encodeQueryValue(title), trim: 2 },
        ...trimmed("body", body, 1),
        ...labels,
      );
      break;
    }
    case "discourse":
      pieces = [
        { text: `${channel.url.replace(/\/+$/, "")}/new-topic?title=` },
        { text: encodeQueryValue(title), trim: 2 },
        ...trimmed("body", body, 1),
        ...(channel.category ? [{ text: `&category=${encodeQueryValue(channel.category)}` }] : []),
        ...(channel.tags?.length ? [{ text: `&tags=${list(channel.tags)}` }] : []),
      ];
      break;
    case "url":
      pieces = expandTemplate(parseTemplate(channel.template), {
        url: { value: target.url },
        title: { value: commentSubject(target), trim: 1 },
        part: { value: String(target.partNumber) },
        section: { value: target.sectionTitle ?? target.partTitle, trim: 2 },
        id: { value: target.id },
      });
      break;
  }
  return assembleUrl(pieces, MAX_COMMENT_URL_LENGTH);
}
