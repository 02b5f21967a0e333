import { join } from "node:path";
import { MEDIA_DIR } from "../posts/media.js";
import { isReleased } from "../schedule/gate.js";
import { renderCalendar } from "../schedule/ics.js";
import type { SeriesView } from "./series.js";
import type { SiteSettings } from "./settings.js";
import { renderSitemap, sitemapEntries } from "./sitemap.js";

/** Where the calendar and sitemap are published, below the series' base (`/` or `/reports/x/`). */
export const SCHEDULE_FILE = "schedule.ics";
export const SITEMAP_FILE = "sitemap.xml";

/** The series pages every site has (pages/*.njk), below its base, listed first in the sitemap. */
const SERIES_PAGES = ["", "contents/", "report/"];

/** The schedule data the templates read (`serial.schedule`). */
export interface ScheduleData {
  /** Site-relative URL of the release calendar, or null when `calendar` is off. */
  calendar: string | null;
  /**
   * The next part to come out, only when `announceUpcoming` is on: number and
   * date, never the title. Null otherwise or when every part is out.
   */
  upcoming: { number: number; date: string } | null;
}

/**
 * Registers what the release schedule adds to the site, each under the one
 * release gate (`isReleased` at the build's `now`):
 * - the report's images (`media`: releasedMedia's list), copied to `<base>media/` only once a released part shows them;
 * - the {@link ScheduleData} for the contents page, returned;
 * - `<base>sitemap.xml`: series pages and released parts, absolute URLs from `site.url`
 *   (at the site's root, also the site's other pages; below it, only the series', as the
 *   sitemap protocol allows a sitemap to list only URLs below its own folder);
 * - `<base>schedule.ics`: the release calendar (see schedule/ics.ts), unless `site.calendar` is false.
 *
 * @param eleventyConfig Eleventy 3's config API.
 */
export function addReleaseOutputs(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  eleventyConfig: any,
  options: {
    series: SeriesView;
    site: SiteSettings;
    postsDir: string;
    media: string[];
    /** Site path of the series, `/` or `/reports/x/`. */
    base: string;
    /** The series' mark in virtual template names (`""` for the first series). */
    key: string;
  },
): ScheduleData {
  const { series, site, postsDir, media, base } = options;
  const schedulePath = `${base}${SCHEDULE_FILE}`;
  const { now, parts } = series;

  for (const file of media) {
    eleventyConfig.addPassthroughCopy({
      [join(postsDir, MEDIA_DIR, file)]: `${base.slice(1)}media/${file}`,
    });
  }

  const next = parts
    .filter((p) => !isReleased(p.date, now))
    .sort((a, b) => Date.parse(a.date) - Date.parse(b.date))[0];
  const schedule: ScheduleData = {
    calendar: site.calendar === false || parts.length === 0 ? null : schedulePath,
    upcoming: site.announceUpcoming && next ? { number: next.number, date: next.date } : null,
  };
  eleventyConfig.addTemplate(`serialpress-${options.key}sitemap.11ty.js`, {
    data: {
      permalink: `${base}${SITEMAP_FILE}`,
      eleventyExcludeFromCollections: true,
      eleventyImport: { collections: ["all"] },
    },
    render(data: { collections: { all: { url?: string | false }[] } }) {
      const others = data.collections.all
        .map((item) => item.url)
        .filter(
          (url): url is string => typeof url === "string" && url !== "" && url.startsWith(base),
        );
      const pages = SERIES_PAGES.map((p) => `${base}${p}`);
      return renderSitemap(sitemapEntries(site.url, parts, now, pages, others));
    },
  });

  if (schedule.calendar) {
    eleventyConfig.addTemplate(`serialpress-${options.key}schedule.11ty.js`, {
      data: { permalink: schedulePath, eleventyExcludeFromCollections: true },
      render() {
        return renderCalendar({
          name: series.lock?.series.name ?? site.title,
          siteUrl: site.url,
          path: schedulePath,
          contents: `${base}contents/`,
          parts,
          now,
        });
      },
    });
  }
  return schedule;
}
