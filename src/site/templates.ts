/**
 * The series' layouts, pages and stylesheet, shipped with serialpress and
 * added to whatever Eleventy site uses the plugin (issue 16). A site
 * overrides any of them without forking: its own file of the same name in
 * `<includes>/serialpress/` wins.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** Layouts in `<includes>/serialpress/`: the series' frame, a post, and the whole report (pages/report.njk's body). */
export const LAYOUTS = ["base.njk", "post.njk", "report.njk"] as const;

/**
 * The series' pages, by file in the package's `pages/`, with the folder
 * below the series' base each is published at (`""` is the base itself).
 */
export const PAGES = {
  "index.njk": "",
  "contents.njk": "contents/",
  "report.njk": "report/",
  "discussion.njk": "discussion/",
} as const;

/** The virtual folder of the series' pages, below the input folder (one subfolder a series). */
export const PAGES_FOLDER = "serialpress/pages/";

/** Where a site's own copy of a shipped file goes: `<includes>/serialpress/<file>`. */
export const OVERRIDE_FOLDER = "serialpress";

/**
 * The folder of the serialpress package (the one with its package.json),
 * found from this module's own file: `dist/eleventy.js` once compiled,
 * `src/site/templates.ts` under the tests.
 *
 * @throws Error when no package.json named "serialpress" is above this file.
 */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string };
      if (name === "serialpress") return dir;
    }
    if (dirname(dir) === dir) throw new Error(`serialpress: no package.json above ${from}`);
  }
}

/** Eleventy 3's project folders as a plugin sees them (`eleventyConfig.directories`). */
export interface Directories {
  /** Input folder, e.g. `./` or `./content/`. */
  input: string;
  /** Includes folder, already below the input, e.g. `./_includes/`. */
  includes: string;
}

/**
 * Adds the series' templates to the site:
 * - the layouts `serialpress/base.njk`, `serialpress/post.njk` (posts name
 *   the second in their directory data file) and `serialpress/report.njk` (the
 *   whole-report page's body): the package's files, by layout alias, unless
 *   the site has its own `<includes>/serialpress/<name>`;
 * - the pages home, contents, whole report and (when `discussion`) recent
 *   discussion, at `<base>`, `<base>contents/`, `<base>report/` and
 *   `<base>discussion/`, as virtual templates `<folder><name>`,
 *   each from `<includes>/serialpress/pages/<name>` when the site has it;
 * - the stylesheet at `<base>assets/style.css`, from
 *   `<includes>/serialpress/style.css` when the site has it.
 *
 * @param eleventyConfig Eleventy 3's config API (plugin time: `directories` is set).
 * @param options.base site path of the series, `/` or `/reports/x/`.
 * @param options.root the serialpress package folder ({@link packageRoot}).
 */
export function addSeriesTemplates(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  eleventyConfig: any,
  options: {
    base: string;
    discussion: boolean;
    /** The virtual folder of the series' pages, below the input folder (`serialpress/pages/1/`). */
    folder: string;
    /** Data every page of the series gets (its `serial` data), besides its permalink. */
    data: Record<string, unknown>;
    /** The series' collection, which its pages list (rebuilt when a part changes). */
    collection: string;
    root?: string;
  },
): void {
  const root = options.root ?? packageRoot();
  const dirs = eleventyConfig.directories as Directories;
  const own = (file: string) => join(dirs.includes, OVERRIDE_FOLDER, file);
  // A layout the site lacks is an alias to the package's file, by its path from the
  // includes folder. Not a virtual template: under includes outside the input folder
  // (eleventy-base-blog's "../_includes") Eleventy 3.1 also takes one for a page,
  // and a layout's data (that page's exclusion from collections) flows into every
  // template using it.
  for (const name of LAYOUTS) {
    if (existsSync(own(name))) continue;
    eleventyConfig.addLayoutAlias(
      `${OVERRIDE_FOLDER}/${name}`,
      relative(dirs.includes, join(root, "_includes", OVERRIDE_FOLDER, name)),
    );
  }

  for (const [name, folder] of Object.entries(PAGES)) {
    if (name === "discussion.njk" && !options.discussion) continue;
    const file = existsSync(own(join("pages", name)))
      ? own(join("pages", name))
      : join(root, "pages", name);
    // Data, which wins over the page's front matter: where it is published, which
    // series it shows, and the collection whose changes rebuild it (also --incremental).
    eleventyConfig.addTemplate(`${options.folder}${name}`, readFileSync(file, "utf8"), {
      ...options.data,
      permalink: `${options.base}${folder}`,
      eleventyImport: { collections: [options.collection] },
    });
  }

  const style = existsSync(own("style.css")) ? own("style.css") : join(root, "assets/style.css");
  eleventyConfig.addPassthroughCopy({ [style]: `${options.base.slice(1)}assets/style.css` });
}
