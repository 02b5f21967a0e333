/**
 * serialpress's own words on a page, in English: the reference table. Every
 * other locale has the same keys. `{name}` is a placeholder; a key whose
 * value is an object is a plural, by the CLDR categories `Intl.PluralRules`
 * gives (`zero`, `one`, `two`, `few`, `many`, `other`).
 */
export const en = {
  skip: "Skip to content",
  siteNav: "Site",
  navContents: "Contents",
  navReport: "Whole report",
  navDiscussion: "Discussion",
  navFeed: "Feed",
  byline: "By {authors}",
  footerBy: "{title}, by {authors}.",
  footerTitle: "{title}.",
  follow: "Follow the series: {links}. Published with serialpress.",
  partOf: "Part {n} of {m}",
  partN: "Part {n}",
  updated: "updated {date}",
  minutes: { one: "{n} min read", other: "{n} min read" },
  withdrawn:
    "This part was withdrawn on {date}: its text is no longer in the report. It stays here so links to it keep working.",
  newcomer: "New to the series? {link}.",
  startFromPart1: "Start from part 1",
  inThisPart: "In this part",
  commentSection: "Comment on this section",
  commentPart: "Comment on this part",
  commentsFeed: "Comments feed",
  readInReport: "Read this part in the whole report",
  allParts: "All parts",
  previous: "Previous: Part {n}",
  next: "Next: Part {n}",
  pager: "Previous and next part",
  selfLink: "Link to this section: {title}",
  coming: "coming {date}",
  comments: { one: "{n} comment", other: "{n} comments" },
  noComments: "no comments yet",
  onSection: "{count} on “{title}”",
  onPart: "{count} on this part",
  earlier: "On an earlier version ({count} on sections since removed or rewritten)",
  originalArchive: "original in the list archive",
  originalGitHub: "original on GitHub",
  originalForum: "original on the forum",
  contentsIntro: "{title}: {n} of {m} parts published.",
  upcoming: "Part {n} comes on {date}.",
  calendar: "Add the release dates to your calendar (iCalendar).",
  reportAll: "All {n} parts published so far, on one page.",
  reportSome: "All {n} parts published so far (of {m}), on one page.",
  readAsPost: "Read as a post",
  homeSeries: "This report is published as a series of {m} parts; {n} out so far.",
  latest: "Latest: Part {n}",
  released: "{title}, released {date}.",
  waysToRead: "Ways to read",
  wayStart: "Start from part 1 and read one part at a time.",
  wayReport: "Read everything published so far on one page.",
  wayContents: "See all parts with their sections.",
  wayFeeds: "Follow new parts in a feed reader: {links}.",
  everySection:
    "Every section has a “Comment on this section” link: tell us what you think, section by section.",
  notYet: "The first part has not been released yet.",
  discussionTitle: "Recent discussion",
  discussionIntro:
    "The newest comments on the sections of {title}, newest first. Follow them in a feed reader: {links}.",
  discussionNone:
    "No comments yet. Every section has a “Comment on this section” link: be the first.",
  onItem: "On {link} ({part})",
  earlierVersion: "an earlier version",
  discussionFeedTitle: "{name}: recent discussion",
  discussionFeedDescription: "Comments on the sections of {name}, newest first.",
  commentItem: "{author} on “{about}” ({part})",
  partCommentsTitle: "{name}, {part}: comments",
  partCommentsDescription: "Comments on “{title}”, {part} of {name}.",
  readOnWeb: "Read this part on the web",
  replyToMessage: "{link}: reply to this message.",
  unsubscribe: "Unsubscribe",
};

/** The keys of serialpress's words, and the shape of every locale table. */
export type UiStrings = {
  [K in keyof typeof en]: (typeof en)[K] extends string
    ? string
    : Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
};
