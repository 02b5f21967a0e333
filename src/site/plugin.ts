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
import { moveHeadings, postShift, reportShift } from "./levels.js";
import { addReleaseOutputs } from "./release-outputs.js";
import { releasedMedia } from "./media.js";
import { settleOutputs } from "./outputs.js";
import { textDirection } from "./direction.js";
import { uiFor, type UiKey, type UiParams } from "./i18n.js";
import { serialpressMarkdown } from "./markdown.js";
import { seriesView } from "./series.js";
import {
  checkSiteSettings,
  DEFAULT_FEED_ITEMS,
  loadSiteSettings,
  pathPrefixOf,
  type SiteSettings,
} from "./settings.js";
import { POST_LAYOUT, seriesBase } from "../settings.js";
import { readSnapshotSync, SNAPSHOT_FILE } from "../discussion/snapshot.js";
import { discussionView } from "../discussion/view.js";
import { readsBack } from "../discussion/channel.js";
import { addDiscussionOutputs } from "./discussion-outputs.js";
import { addSeriesTemplates, PAGES_FOLDER } from "./templates.js";
import { withoutMarkers } from "./discussion.js";

const debug = createDebug("serialpress:site");

/** Options of the Eleventy plugin; paths are relative to the project root. */
export interface PluginOptions {
  /** Folder of the post files and serial.lock.json. */
  postsDir?: string;
  /** Site settings file (validated against site.schema.json). Default `_data/site.json`. */
  siteFile?: string;
  /**
   * Site settings as data instead of a file (same shape, same checks), for a
   * site that keeps its own metadata elsewhere. Wins over `siteFile`.
   */
  site?: unknown;
  /** Discussion snapshot written by `serialpress discussion fetch`. Default `<postsDir>/discussion.json`. */
  discussionFile?: string;
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

/**
 * The serialpress Eleventy plugin: markdown-it with stable section ids and
 * comment links, the release gate on every post, the `parts` collection,
 * the global `serial` data, filters for the layouts, and the three feeds.
 *
 * The gate is one predicate (`isReleased`) applied to the lock's parts at
 * the instant `SERIAL_NOW` (or the clock) gives: an unreleased post is
 * dropped before rendering, so it has no page, no collection entry, no feed
 * item and no link anywhere.
 */
export default function serialpressPlugin(
  eleventyConfig: EleventyConfig,
  options: PluginOptions = {},
): void {
  // One series per site for now: a second one would take the same global data,
  // filters, collection and page names. Said plainly, not as a template conflict.
  // (Known by the series' pages already being there; a config reload starts afresh.)
  if (eleventyConfig.isVirtualTemplate?.(`${PAGES_FOLDER}contents.njk`)) {
    throw new SettingError(
      `serialpress is added twice (the second time for the posts in ${options.postsDir ?? "posts"}); a site carries one series for now. Keep one addPlugin(serialpress, …) call.`,
    );
  }
  const postsDir = (options.postsDir ?? "posts").replace(/^\.\/|\/+$/g, "");
  /** Whether an Eleventy input path (`./posts/method.md`) is one of the series' posts. */
  const isPost = (inputPath: unknown) =>
    typeof inputPath === "string" && inputPath.replace(/^\.\//, "").startsWith(`${postsDir}/`);
  const siteFile = options.siteFile ?? "_data/site.json";
  const site =
    options.site === undefined
      ? loadSiteSettings(siteFile)
      : checkSiteSettings(options.site, "the serialpress plugin's site option");
  const now = currentTime();
  const lock = readLockSync(join(postsDir, LOCK_FILE));
  checkPostLayout(postsDir, eleventyConfig.directories?.includes ?? "_includes");
  warnOnPrefix(site, eleventyConfig.pathPrefix);
  const series = seriesView(lock, now);
  debug(
    "now %s: %d of %d parts released",
    now.toISOString(),
    series.released.length,
    series.parts.length,
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
  const partOf = (id: string): LockedPart | undefined => series.byId.get(id);
  // The conversation (issue #13): shown when the channel can be read back, or
  // when a snapshot holds comments (from a channel used before).
  const snapshot = readSnapshotSync(options.discussionFile ?? join(postsDir, SNAPSHOT_FILE));
  const discussion =
    readsBack(site.comments) || snapshot.comments.length > 0
      ? discussionView(snapshot, series, site.comments.hide)
      : undefined;

  // The output folder holds only what is released now: files serialpress
  // wrote in an earlier build (at a later SERIAL_NOW, say) and did not write
  // in this one are removed after each full build; nothing else is touched.
  const media = releasedMedia(postsDir, series.released);
  // Ours: the posts, and the virtual templates this plugin adds (serialpress/pages/…, serialpress-*.11ty.js).
  const ours = (inputPath: string) => isPost(inputPath) || /(^|\/)serialpress[-/]/.test(inputPath);
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
        .filter((r) => r.outputPath && ours(r.inputPath))
        .map((r) => resolve(r.outputPath as string));
      // A build of the series always writes its pages; one that wrote none of ours
      // (`--dryrun`, which reports no results) must not remove the last build's files.
      if (written.length === 0) return;
      written.push(...media.map((f) => join(output, base.slice(1), "media", f)));
      const removed = await settleOutputs(process.cwd(), output, written);
      if (removed.length) debug("removed %d stale files: %o", removed.length, removed);
    },
  );

  // serialpress's own words in the series' language (issue 16): src/site/locales/.
  const lang = lock?.series.lang ?? site.lang;
  const ui = uiFor(lang);
  eleventyConfig.addFilter("t", (key: UiKey, params?: UiParams) => ui.text(key, params));
  eleventyConfig.addFilter("th", (key: UiKey, params?: UiParams) => ui.html(key, params));

  const md: MarkdownIt = createMarkdown();
  md.use(serialpressMarkdown, { series, site, mediaBase: at("media/"), discussion, ui });
  // The series' posts render with serialpress's own markdown-it (stable section ids,
  // comment links, CommonMark's indented code); every other Markdown page of the site
  // keeps the site's own library, options and plugins untouched.
  eleventyConfig.amendLibrary("md", (lib: MarkdownIt) => {
    const render = lib.render.bind(lib);
    lib.render = (src: string, env?: { page?: { inputPath?: unknown } }) =>
      isPost(env?.page?.inputPath) ? md.render(src, env) : render(src, env);
  });

  eleventyConfig.addPreprocessor(
    "serialpress-release-gate",
    "md",
    (data: { id?: string; date?: unknown; page: { inputPath: string } }) => {
      if (!data.id) return undefined;
      const part = partOf(data.id);
      if (!part) {
        throw new InputError(
          data.page.inputPath,
          undefined,
          `post id "${data.id}" is not in ${join(postsDir, LOCK_FILE)}; split the report again.`,
        );
      }
      return isReleased(part.date, now) ? undefined : false;
    },
  );

  // Feeds, sitemap and calendar are JavaScript templates, whatever formats the site uses.
  eleventyConfig.addTemplateFormats("11ty.js");
  // Layouts, pages and stylesheet; a site's own <includes>/serialpress/<file> wins (templates.ts).
  addSeriesTemplates(eleventyConfig, { base, discussion: Boolean(discussion) });

  // Images, sitemap, release calendar and upcoming-part data, all behind the gate (issue #5).
  addReleaseOutputs(eleventyConfig, { series, site, postsDir, media, base });

  eleventyConfig.addCollection(
    "parts",
    (api: { getFilteredByGlob(glob: string): CollectionItem[] }) =>
      api.getFilteredByGlob(`${postsDir}/*.md`).sort((a, b) => a.data.part - b.data.part),
  );

  addDiscussionOutputs(eleventyConfig, { series, site, discussion, lang, ui, base });
  eleventyConfig.addGlobalData("serial", {
    site,
    series: lock?.series ?? { name: site.title, title: site.title, authors: [] },
    lang,
    dir: textDirection(lang),
    ui: ui.attrs,
    total: series.parts.length,
    now: now.toISOString(),
    base,
    feeds,
    discussion: Boolean(discussion),
  });

  eleventyConfig.addFilter("releaseDate", (iso: string) => formatDate(iso, zone, lang));
  eleventyConfig.addFilter("releaseDateTime", (iso: string) => formatDateTime(iso, zone, lang));
  eleventyConfig.addFilter("readingMinutes", readingMinutes);
  eleventyConfig.addFilter("partComment", (id: string) => partCommentUrl(partOf(id), site, lock));
  eleventyConfig.addFilter("lockedPart", (id: string) => partOf(id));
  // On the whole-report page, links to sections of released parts stay on the page.
  // and headings take the report's own levels under the page title. Computed once
  // here, not per part: per part they made the page quadratic in the parts.
  const releasedPermalinks = new Set(series.released.map((p) => p.permalink));
  const wholeReportShift = reportShift(series.parts);
  eleventyConfig.addFilter("inWholeReport", (html: string, id: string) => {
    const part = partOf(id);
    // A link stays on the page when its target is there: a section or anchor
    // of a released part. Others (a comment count's #discussion-…) go to the post.
    const local = withoutMarkers(html).replace(
      /href="(\/[^"#]*\/)#([^"]*)"/g,
      (m, permalink: string, fragment: string) =>
        releasedPermalinks.has(permalink) && series.anchorIndex.has(decodeFragment(fragment))
          ? `href="#${fragment}"`
          : m,
    );
    return part ? moveHeadings(local, postShift(part) - wholeReportShift) : local;
  });

  // A part's comment count, and its comment feeds once it has comments (discussion-outputs.ts).
  const commentsOf = (id: string, url: string) => {
    const count = discussion?.countByPart.get(id) ?? 0;
    return count
      ? { count, rss: `${url}comments.xml`, atom: `${url}comments-atom.xml` }
      : { count };
  };
  const feedLinks = {
    rss: `${site.url}${feeds.rss}`,
    atom: `${site.url}${feeds.atom}`,
    json: `${site.url}${feeds.json}`,
  };
  // The three feed templates share the expensive part, one set of items per
  // build (absolute URLs for every part's HTML), keyed by the build's
  // collection; each then renders its own format.
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
            html: await absoluteUrls(withoutMarkers(item.content), url, `${site.url}/`),
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
    eleventyConfig.addTemplate(`serialpress-${FEED_FILES[format]}.11ty.js`, {
      data: {
        permalink: feeds[format],
        eleventyExcludeFromCollections: true,
        // Rebuilt when a part changes, also in incremental builds.
        eleventyImport: { collections: ["parts"] },
      },
      async render(data: { collections: { parts: CollectionItem[] } }) {
        const items = await feedItems(data.collections.parts);
        return render({
          title: lock?.series.name ?? site.title,
          description: site.description ?? lock?.series.title ?? site.title,
          home: `${site.url}${base}`,
          contents: `${site.url}${at("contents/")}`,
          links: feedLinks,
          language: lang,
          author: { name: site.author.name, email: site.author.email, link: site.author.url },
          total: series.parts.length,
          items,
          words: feedWords(ui),
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
