/**
 * The discussion on the site's pages: where a post page shows each
 * section's threads, the part's own threads and those on an earlier version,
 * and the counts on the contents and whole-report pages.
 */
import { threadsHtml, sectionLabel, countText } from "../discussion/html.js";
import { commentCount, type DiscussionView } from "../discussion/view.js";
import { uiFor, type Ui } from "./i18n.js";

const OPEN = "<!--serialpress:discussion:";

/** The HTML comment that marks where a section's threads go on its post page. */
export const discussionMarker = (sectionId: string) =>
  `${OPEN}${encodeURIComponent(sectionId)}-->\n`;

const MARKER = new RegExp(`${OPEN}([^>]*?)-->\\n?`, "g");

/** A part's HTML without discussion markers (whole-report page, feeds). */
export const withoutMarkers = (html: string) =>
  html.includes(OPEN) ? html.replace(MARKER, "") : html;

/**
 * A function giving a post's HTML with each marker replaced by its section's
 * threads. A marker stands only where a section has threads (markdown.ts),
 * and every comment shown knows its section's title (`about`).
 *
 * @param zone the series' IANA time zone, for comment dates.
 */
export function threadsFiller(
  view: DiscussionView,
  zone: string,
  ui: Ui = uiFor("en"),
): (html: string) => string {
  return (html) => {
    if (!html.includes(OPEN)) return html;
    return html.replace(MARKER, (_m, encoded: string) => {
      const id = decodeURIComponent(encoded);
      const threads = view.bySection.get(id) ?? [];
      return threadsHtml(threads, {
        id: `discussion-${id}`,
        label: sectionLabel(threads, threads[0]?.comment.about ?? id, ui),
        zone,
        ui,
      });
    });
  };
}

/** The threads at a post's foot: comments on the whole part, then those on an earlier version. */
export function partThreads(
  view: DiscussionView,
  partId: string,
  zone: string,
  ui: Ui = uiFor("en"),
): string {
  const own = view.byPart.get(partId) ?? [];
  const earlier = view.earlier.get(partId) ?? [];
  return (
    threadsHtml(own, {
      id: "discussion-part",
      label: ui.text("onPart", { count: countText(commentCount(own), ui) }),
      zone,
      ui,
    }) +
    threadsHtml(earlier, {
      id: "discussion-earlier",
      label: ui.text("earlier", { count: countText(commentCount(earlier), ui) }),
      zone,
      ui,
    })
  );
}
