import { existsSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import createDebug from "debug";
import type { MarkdownIt } from "markdown-it";
import { commentUrl, targetUrl } from "../comments/links.js";
import { absoluteUrls } from "../feed/absolute.js";
import { feedWords, renderAtom, renderJson, renderRss, type FeedItemInput } from "../feed/feeds.js";
import { readingMinutes } from "../schedule/ics.js";
import { LOCK_FILE, readLockSync, type LockedPart, type SerialLock } from "../posts/lock.js";
import { createMarkdown } from "../report/markdown.js";
import { currentTime, isReleased } from "../schedule/gate.js";
import { InputError, SettingError } from "../errors.js";
import { decodeFragment } from "../slug.js";
import { formatDate, formatDateTime } from "./dates.js";
import { inWholeReport, postShift, reportShift } from "./levels.js";
import { flatten } from "../strings.js";
import { addReleaseOutputs } from "./release-outputs.js";
import { releasedMedia } from "./media.js";
import { settleOutputs } from "./outputs.js";
import { textDirection } from "./direction.js";
import { uiFor, type Ui, type UiKey, type UiParams } from "./i18n.js";
import { serialpressMarkdown } from "./markdown.js";
import { seriesView, type SeriesView } from "./series.js";
import {
  checkSiteSettings,
  DEFAULT_FEED_ITEMS,
  loadSiteSettings,
  pathPrefixOf,
  type SiteSettings,
} from "./settings.js";
import { POST_LAYOUT, seriesBase } from "../settings.js";
import { readSnapshotSync, SNAPSHOT_FILE } from "../discussion/snapshot.js";
import { discussionView, type DiscussionView } from "../discussion/view.js";
import { readsBack } from "../discussion/channel.js";
import { addDiscussionOutputs } from "./discussion-outputs.js";
import { addSeriesTemplates, PAGES_FOLDER } from "./templates.js";
import { withoutMarkers } from "./discussion.js";

const debug = createDebug("serialpress:site");

/** One series of a site: its posts folder and discussion snapshot; paths are relative to the project root. */
export interface SeriesOptions {
  /** Folder of the post files and serial.lock.json. Default `posts`. */
  postsDir?: string;
  /** Discussion snapshot written by `serialpress discussion fetch`. Default `<postsDir>/discussion.json`. */
  discussionFile?: string;
}

/** Options of the Eleventy plugin; paths are relative to the project root. */
export interface PluginOptions extends SeriesOptions {
  /** Site settings file (validated against site.schema.json). Default `_data/site.json`. */
  siteFile?: string;
  /**
   * Site settings as data instead of a file (same shape, same checks), for a
   * site that keeps its own metadata elsewhere. Wins over `siteFile`.
   */
  site?: unknown;
  /**
   * Several series in one site, each with its own posts folder (and so its
   * own lock, schedule, base, feeds and pages). Without it, the site carries
   * the one series of `postsDir`.
   */
  series?: SeriesOptions[];
}

/** The series' feeds, below its base: RSS 2.0, Atom 1.0, JSON Feed 1.1. */
const FEED_FILES = { rss: "feed.xml", atom: "atom.xml", json: "feed.json" } as const;

/** Minimal shape of the Eleventy 3 config API that the plugin uses. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EleventyConfig = any;

/** A collection item as Eleventy hands it to templates. */
interface CollectionItem {
  url: string;
  content: string;
  data: { id: string; part: number; title: string; date: string };
}

/** What Eleventy binds `this` to in a filter: the page being rendered. */
interface FilterThis {
  page?: { inputPath?: string };
}

/** One series as a build sees it, with what its pages and filters need. */
interface Series {
  postsDir: string;
  view: SeriesView;
  /** Site path it lives under, `/` or `/reports/x/`. */
  base: string;
  /** The markdown-it its posts render with. */
  md: MarkdownIt;
  /** Its released images (media.ts), copied below `<base>media/`. */
  media: string[];
  /** Whether an Eleventy input path (`./posts/method.md`) is one of its posts. */
  isPost(inputPath: string): boolean;
  /** Whether an input path is one of its virtual templates (pages, feeds, sitemap, calendar). */
  isOwnTemplate(inputPath: string): boolean;
  /** The global data its pages and posts see as `serial`. */
  data: Record<string, unknown>;
  filters: Record<string, (...args: never[]) => unknown>;
}

/**
 * The serialpress Eleventy plugin: for each series, markdown-it with stable
 * section ids and comment links, the release gate on its posts, its
 * collection, its `serial` data, its pages and its three feeds; filters for
 * the layouts, which answer for the series of the page being rendered.
 *
 * The gate is one predicate (`isReleased`) applied to the lock's parts at
 * the instant `SERIAL_NOW` (or the clock) gives: an unreleased post is
 * dropped before rendering, so it has no page, no collection entry, no feed
 * item and no link anywhere.
 *
 * @throws SettingError when the plugin is added twice, or two series share a
 *   posts folder or a base.
 */
export default function serialpressPlugin(
  eleventyConfig: EleventyConfig,
  options: PluginOptions = {},
): void {
  // Several series are one addPlugin call with `series`; a second call would
  // take the same names. Said plainly, not as a template conflict.
  // (Known by the series' pages already being there; a config reload starts afresh.)
  if (eleventyConfig.isVirtualTemplate?.(`${PAGES_FOLDER}1/contents.njk`)) {
    throw new SettingError(
      `serialpress is added twice (the second time for the posts in ${options.postsDir ?? "posts"}); list every series in one call: addPlugin(serialpress, { series: [{ postsDir: … }, …] }).`,
    );
  }
  const site =
    options.site === undefined
      ? loadSiteSettings(options.siteFile ?? "_data/site.json")
      : checkSiteSettings(options.site, "the serialpress plugin's site option");
  warnOnPrefix(site, eleventyConfig.pathPrefix);
  const now = currentTime();
  const includes = eleventyConfig.directories?.includes ?? "_includes";
  const all = (options.series?.length ? options.series : [options]).map((o, i) =>
    setUpSeries(eleventyConfig, o, i, { site, now, includes }),
  );
  checkDistinct(all);

  // The series a post belongs to, by its folder; the series of any page serialpress
  // writes (a post, or a page or feed by its virtual path).
  const seriesOfPost = (inputPath: unknown): Series | undefined =>
    typeof inputPath === "string" ? all.find((s) => s.isPost(inputPath)) : undefined;
  const seriesOf = (inputPath: unknown): Series | undefined =>
    seriesOfPost(inputPath) ??
    (typeof inputPath === "string" ? all.find((s) => s.isOwnTemplate(inputPath)) : undefined);
  // A filter used on a page of the site's own answers for the first series.
  const forPage = (self: FilterThis | undefined) => seriesOf(self?.page?.inputPath) ?? all[0]!;

  // Each series' posts render with its own markdown-it (stable section ids, comment
  // links, CommonMark's indented code); every other Markdown page of the site
  // keeps the site's own library, options and plugins untouched.
  eleventyConfig.amendLibrary("md", (lib: MarkdownIt) => {
    const render = lib.render.bind(lib);
    lib.render = (src: string, env?: { page?: { inputPath?: unknown } }) => {
      const series = seriesOfPost(env?.page?.inputPath);
      return series ? series.md.render(src, env) : render(src, env);
    };
  });

  // Each post of a series gets the series' data as `serial`, here, where Eleventy hands a
  // Markdown template its data before building its page (the same object its layouts
  // render with), and leaves the build when it is not released yet. Pages of the series
  // have `serial` as their own data; other pages of the site are untouched. (As global
  // `eleventyComputed` data it made Eleventy run its computed-data machinery for every
  // page of the site: issue 15, ~50 ms of a 16x build.)
  eleventyConfig.addPreprocessor(
    "serialpress-posts",
    "md",
    (data: { id?: string; page: { inputPath: string }; serial?: unknown }) => {
      const series = seriesOfPost(data.page.inputPath);
      if (!series) return undefined;
      data.serial = series.data;
      if (!data.id) return undefined;
      const part = series.view.byId.get(data.id);
      if (!part) {
        throw new InputError(
          data.page.inputPath,
          undefined,
          `post id "${data.id}" is not in ${join(series.postsDir, LOCK_FILE)}; split the report again.`,
        );
      }
      return isReleased(part.date, now) ? undefined : false;
    },
  );

  // The layouts' filters, each answering for the series of the page being rendered.
  for (const name of Object.keys(all[0]!.filters)) {
    eleventyConfig.addFilter(name, function (this: FilterThis, ...args: never[]) {
      return forPage(this).filters[name]!(...args);
    });
  }
  eleventyConfig.addFilter("readingMinutes", readingMinutes);

  // The output folder holds only what is released now: files serialpress
  // wrote in an earlier build (at a later SERIAL_NOW, say) and did not write
  // in this one are removed after each full build; nothing else is touched.
  // The list of what was written (outputs.ts) lives in .cache/: writing it must not
  // trigger a rebuild in watch mode (it did: a rebuild loop).
  eleventyConfig.watchIgnores.add(".cache/**");
  eleventyConfig.on(
    "eleventy.after",
    async (event: {
      directories: { output: string };
      incremental: boolean;
      outputMode: string;
      results?: { inputPath: string; outputPath: string | false }[];
    }) => {
      if (event.incremental || event.outputMode !== "fs" || !event.results) return;
      const output = resolve(event.directories.output);
      const written = event.results
        .filter((r) => r.outputPath && seriesOf(r.inputPath))
        .map((r) => resolve(r.outputPath as string));
      // A build of the series always writes its pages; one that wrote none of ours
      // (`--dryrun`, which reports no results) must not remove the last build's files.
      if (written.length === 0) return;
      for (const s of all)
        written.push(...s.media.map((f) => join(output, s.base.slice(1), "media", f)));
      const removed = await settleOutputs(process.cwd(), output, written);
      if (removed.length) debug("removed %d stale files: %o", removed.length, removed);
    },
  );

  // Eleventy keeps each page's output to the end of the build (for `eleventy.after`): ours
  // are kept flat, not as the pieces Nunjucks concatenated (issue 15: less memory, less GC).
  eleventyConfig.addTransform("serialpress-flatten", function (this: FilterThis, content: unknown) {
    return typeof content === "string" && seriesOf(this?.page?.inputPath)
      ? flatten(content)
      : content;
  });

  // Feeds, sitemap and calendar are JavaScript templates, whatever formats the site uses.
  eleventyConfig.addTemplateFormats("11ty.js");
}

/**
 * Reads one series and adds what it publishes: its collection, pages, feeds,
 * release outputs and discussion. Returns what the shared filters, data and
 * markdown need of it.
 */
function setUpSeries(
  eleventyConfig: EleventyConfig,
  options: SeriesOptions,
  index: number,
  context: { site: SiteSettings; now: Date; includes: string },
): Series {
  const { site, now } = context;
  const postsDir = (options.postsDir ?? "posts").replace(/^\.\/|\/+$/g, "");
  const key = `${index + 1}-`;
  const pages = `${PAGES_FOLDER}${index + 1}/`;
  const collection = index === 0 ? "parts" : `parts-${index + 1}`;
  const lock = readLockSync(join(postsDir, LOCK_FILE));
  checkPostLayout(postsDir, context.includes);
  const view = seriesView(lock, now);
  debug(
    "%s: now %s: %d of %d parts released",
    postsDir,
    now.toISOString(),
    view.released.length,
    view.parts.length,
  );
  const zone = lock?.settings.timezone ?? "UTC";
  // Where the series lives in the site (`/`, or `/reports/x/` inside an existing site).
  const base = seriesBase(lock?.settings);
  const at = (path: string) => `${base}${path}`;
  const feeds = {
    rss: at(FEED_FILES.rss),
    atom: at(FEED_FILES.atom),
    json: at(FEED_FILES.json),
  };
  const partOf = (id: string): LockedPart | undefined => view.byId.get(id);
  // The conversation (issue #13): shown when the channel can be read back, or
  // when a snapshot holds comments (from a channel used before).
  const snapshot = readSnapshotSync(options.discussionFile ?? join(postsDir, SNAPSHOT_FILE));
  const discussion =
    readsBack(site.comments) || snapshot.comments.length > 0
      ? discussionView(snapshot, view, site.comments.hide)
      : undefined;
  const media = releasedMedia(postsDir, view.released);

  // serialpress's own words in the series' language (issue 16): src/site/locales/.
  const lang = lock?.series.lang ?? site.lang;
  const ui = uiFor(lang);
  const md: MarkdownIt = createMarkdown();
  md.use(serialpressMarkdown, { series: view, site, mediaBase: at("media/"), discussion, ui });

  eleventyConfig.addCollection(
    collection,
    (api: { getFilteredByGlob(glob: string): CollectionItem[] }) =>
      api.getFilteredByGlob(`${postsDir}/*.md`).sort((a, b) => a.data.part - b.data.part),
  );

  // Images, sitemap, release calendar and upcoming-part data, all behind the gate (issue #5).
  const schedule = addReleaseOutputs(eleventyConfig, {
    series: view,
    site,
    postsDir,
    media,
    base,
    key,
  });
  const talk = addDiscussionOutputs(eleventyConfig, {
    series: view,
    site,
    discussion,
    lang,
    ui,
    base,
    key,
  });
  const data = {
    site,
    series: lock?.series ?? { name: site.title, title: site.title, authors: [] },
    lang,
    dir: textDirection(lang),
    ui: ui.attrs,
    total: view.parts.length,
    now: now.toISOString(),
    base,
    collection,
    feeds,
    schedule,
    discussion: Boolean(discussion),
    discussionFeeds: talk.feeds,
  };
  // Layouts, pages and stylesheet; a site's own <includes>/serialpress/<file> wins (templates.ts).
  addSeriesTemplates(eleventyConfig, {
    base,
    discussion: Boolean(discussion),
    folder: pages,
    data: { serial: data },
    collection,
  });

  // On the whole-report page, links to sections of released parts stay on the page.
  // and headings take the report's own levels under the page title. Computed once
  // here, not per part: per part they made the page quadratic in the parts.
  const releasedPermalinks = new Set(view.released.map((p) => p.permalink));
  const wholeReportShift = reportShift(view.parts);
  const filters = {
    t: (k: UiKey, params?: UiParams) => ui.text(k, params),
    th: (k: UiKey, params?: UiParams) => ui.html(k, params),
    releaseDate: (iso: string) => formatDate(iso, zone, lang),
    releaseDateTime: (iso: string) => formatDateTime(iso, zone, lang),
    partComment: (id: string) => partCommentUrl(partOf(id), site, lock),
    lockedPart: (id: string) => partOf(id),
    inWholeReport: (html: string, id: string) => {
      const part = partOf(id);
      return inWholeReport(withoutMarkers(html), part ? postShift(part) - wholeReportShift : 0, {
        onPage: (permalink, fragment) =>
          releasedPermalinks.has(permalink) && view.anchorIndex.has(decodeFragment(fragment)),
      });
    },
    ...talk.filters,
  };

  addFeeds(eleventyConfig, {
    site,
    lock,
    view,
    base,
    key,
    collection,
    feeds,
    lang,
    ui,
    discussion,
  });

  return {
    postsDir,
    view,
    base,
    md,
    media,
    isPost: (inputPath) => inputPath.replace(/^\.\//, "").startsWith(`${postsDir}/`),
    isOwnTemplate: (inputPath) =>
      inputPath.includes(pages) || basename(inputPath).startsWith(`serialpress-${key}`),
    data,
    filters,
  };
}

/** Two series may share neither a posts folder nor a base. */
function checkDistinct(all: Series[]): void {
  for (const field of ["postsDir", "base"] as const) {
    const seen = new Map<string, string>();
    for (const s of all) {
      const other = seen.get(s[field]);
      if (other !== undefined) {
        throw new SettingError(
          `the series in ${other} and ${s.postsDir} share the ${field === "base" ? `base ${s.base}` : "posts folder"}; give each series its own${field === "base" ? " (serialpress split --base /<name>/)" : " folder"}.`,
        );
      }
      seen.set(s[field], s.postsDir);
    }
  }
}

/**
 * The series' three feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1) of its newest
 * `feedItems` parts. They share the expensive part, one set of items per
 * build (absolute URLs for every part's HTML), keyed by the build's
 * collection; each then renders its own format.
 */
function addFeeds(
  eleventyConfig: EleventyConfig,
  o: {
    site: SiteSettings;
    lock: SerialLock | null;
    view: SeriesView;
    base: string;
    key: string;
    collection: string;
    feeds: Record<keyof typeof FEED_FILES, string>;
    lang: string;
    ui: Ui;
    discussion?: DiscussionView;
  },
): void {
  const { site, lock, view, discussion } = o;
  const partOf = (id: string) => view.byId.get(id);
  // A part's comment count, and its comment feeds once it has comments (discussion-outputs.ts).
  const commentsOf = (id: string, url: string) => {
    const count = discussion?.countByPart.get(id) ?? 0;
    return count
      ? { count, rss: `${url}comments.xml`, atom: `${url}comments-atom.xml` }
      : { count };
  };
  const feedLinks = {
    rss: `${site.url}${o.feeds.rss}`,
    atom: `${site.url}${o.feeds.atom}`,
    json: `${site.url}${o.feeds.json}`,
  };
  const itemsOf = new WeakMap<CollectionItem[], Promise<FeedItemInput[]>>();
  const feedItems = (parts: CollectionItem[]) => {
    let items = itemsOf.get(parts);
    if (!items) {
      // The newest parts only (feedItems): the feed's cost no longer grows with the report.
      const newest = [...parts]
        .sort((a, b) => {
          const pa = partOf(a.data.id)!;
          const pb = partOf(b.data.id)!;
          return Date.parse(pb.date) - Date.parse(pa.date) || pb.number - pa.number;
        })
        .slice(0, site.feedItems ?? DEFAULT_FEED_ITEMS);
      debug("preparing feed items for %d of %d parts", newest.length, parts.length);
      items = Promise.all(
        newest.map(async (item) => {
          const part = partOf(item.data.id)!;
          const url = `${site.url}${part.permalink}`;
          return {
            guid: part.guid,
            title: part.title,
            url,
            published: part.date,
            updated: part.updated,
            html: absoluteUrls(withoutMarkers(item.content), url, `${site.url}/`),
            partNumber: part.number,
            commentUrl: partCommentUrl(part, site, lock),
            ...(discussion ? { comments: commentsOf(part.id, url) } : {}),
          };
        }),
      ).catch((error: unknown) => {
        // Not kept when it fails: Eleventy throws while a part's content is
        // not ready yet, and renders the template again later.
        itemsOf.delete(parts);
        throw error;
      });
      itemsOf.set(parts, items);
    }
    return items;
  };
  for (const [format, render] of [
    ["rss", renderRss],
    ["atom", renderAtom],
    ["json", renderJson],
  ] as const) {
    eleventyConfig.addTemplate(`serialpress-${o.key}${FEED_FILES[format]}.11ty.js`, {
      data: {
        permalink: o.feeds[format],
        eleventyExcludeFromCollections: true,
        // Rebuilt when a part changes, also in incremental builds.
        eleventyImport: { collections: [o.collection] },
      },
      async render(data: { collections: Record<string, CollectionItem[]> }) {
        const items = await feedItems(data.collections[o.collection]!);
        return render({
          title: lock?.series.name ?? site.title,
          description: site.description ?? lock?.series.title ?? site.title,
          home: `${site.url}${o.base}`,
          contents: `${site.url}${o.base}contents/`,
          links: feedLinks,
          language: o.lang,
          author: { name: site.author.name, email: site.author.email, link: site.author.url },
          total: view.parts.length,
          items,
          words: feedWords(o.ui),
        });
      },
    });
  }
}

/**
 * Warns when Eleventy's path prefix (`--pathprefix`, the HTML base plugin's)
 * is not the path of the site's `url`: pages would link under the prefix, but
 * feeds, comment links and the email edition, which are absolute from `url`, would not.
 */
function warnOnPrefix(site: SiteSettings, prefix: unknown): void {
  const path = String(prefix ?? "").replace(/^\/+|\/+$/g, "");
  const eleventyPrefix = path ? `/${path}/` : "/";
  const urlPrefix = pathPrefixOf(site);
  if (eleventyPrefix === urlPrefix) return;
  const origin = new URL(site.url).origin;
  console.warn(
    `serialpress: warning: Eleventy's path prefix is ${eleventyPrefix} but the site's url (${site.url}) has the path ${urlPrefix}; feeds and comment links are made from the url, so they would miss the prefix. Set the site's url to ${origin}${eleventyPrefix.replace(/\/$/, "")} (or SITE_URL for one build).`,
  );
}

/** The layout posts named before serialpress's layouts moved into `serialpress/`. */
const OLD_POST_LAYOUT = "layouts/post.njk";

/**
 * Stops a build whose posts still name the layout serialpress used before its
 * layouts moved to `<includes>/serialpress/`, with what to do, instead of
 * Eleventy's "layout does not exist". A layout of the site's own choosing is left alone.
 *
 * @throws InputError naming the posts' directory data file.
 */
function checkPostLayout(postsDir: string, includes: string): void {
  const file = join(postsDir, `${basename(resolve(postsDir))}.11tydata.json`);
  if (!existsSync(file)) return;
  const text = readFileSync(file, "utf8");
  let layout: unknown;
  try {
    layout = (JSON.parse(text) as { layout?: unknown }).layout;
  } catch {
    return; // Eleventy reports a broken data file itself, with its line.
  }
  if (layout === OLD_POST_LAYOUT && !existsSync(join(includes, OLD_POST_LAYOUT))) {
    throw new InputError(
      file,
      undefined,
      `"layout": "${OLD_POST_LAYOUT}" is serialpress's old name for the post layout; write "${POST_LAYOUT}" instead, or split the report again (serialpress split), which rewrites this file.`,
    );
  }
}

function partCommentUrl(
  part: LockedPart | undefined,
  site: SiteSettings,
  lock: SerialLock | null,
): string {
  if (!part || !lock) return "";
  return commentUrl(site.comments, {
    series: lock.series.name,
    partNumber: part.number,
    partTitle: part.title,
    url: targetUrl(site.url, part.permalink),
    // A part's id is also its first section's; the prefix keeps the two threads apart.
    id: `part:${part.id}`,
  });
}
