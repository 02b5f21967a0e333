/**
 * Comment links: one per section and one per part, each a plain link to the
 * discussion channel the publisher chose in site settings.
 */

/** Mailing list (or any address): RFC 6068 `mailto:` URL with subject and body. */
export interface MailtoChannel {
  channel: "mailto";
  /** The list or editor address, an RFC 5322 addr-spec such as `list@example.org`. */
  address: string;
}

/** Comment channels the site can link to. */
export type CommentChannel = MailtoChannel;

/** What a comment link is about. */
export interface CommentTarget {
  series: string;
  partNumber: number;
  partTitle: string;
  /** Absent for the link that comments on the whole part. */
  sectionTitle?: string;
  /** Absolute URL of the section (`…/#id`) or part being discussed. */
  url: string;
}

/**
 * Percent-encodes a value for a URL query component (RFC 3986 unreserved
 * characters stay): a space is `%20`, never `+`, as RFC 6068 §5 requires of
 * `mailto:` header values; `!'()*` are encoded too.
 */
export function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Subject line for a comment: `[<series>] Part N: <part> – <section>`. */
export function commentSubject(target: CommentTarget): string {
  const base = `[${target.series}] Part ${target.partNumber}: ${target.partTitle}`;
  return target.sectionTitle && target.sectionTitle !== target.partTitle
    ? `${base} – ${target.sectionTitle}`
    : base;
}

/**
 * The comment URL for a target on a channel. For `mailto`, the address is
 * kept as written (RFC 6068 allows an addr-spec there) and `subject` and
 * `body` are percent-encoded per RFC 6068 §2; the body holds the section URL.
 */
export function commentUrl(channel: CommentChannel, target: CommentTarget): string {
  switch (channel.channel) {
    case "mailto": {
      const subject = encodeQueryValue(commentSubject(target));
      const body = encodeQueryValue(`About ${target.url}\n\n`);
      return `mailto:${channel.address}?subject=${subject}&body=${body}`;
    }
  }
}
