// Eleventy configuration: thin on purpose. Everything serialpress does lives in
// src/site/plugin.ts, compiled once to dist/eleventy.js (scripts/compile.js
// recompiles here only when a source changed), so plain `npx @11ty/eleventy`
// works and no TypeScript transpiler runs during a build.
import { HtmlBasePlugin } from "@11ty/eleventy";
import { ensureCompiled } from "./scripts/compile.js";

await ensureCompiled();
const { default: serialpress, loadSiteSettings, pathPrefixOf } = await import("./dist/eleventy.js");

// A site below the root of its host (a GitHub Pages project site,
// https://owner.github.io/repo) gets the URL's path as Eleventy's pathPrefix;
// the HTML base plugin then prefixes every site path in the pages.
const pathPrefix = pathPrefixOf(loadSiteSettings("_data/site.json"));

export default function (eleventyConfig) {
  eleventyConfig.addPlugin(serialpress, { postsDir: "posts", siteFile: "_data/site.json" });
  eleventyConfig.addPlugin(HtmlBasePlugin);

  // The plugin adds the series' pages (pages/), layouts (_includes/serialpress/) and
  // stylesheet (assets/style.css) itself, as it does in any site that uses it, and
  // copies the report's images (posts/media) once a released part shows them.
  // Only the site's own folders are templates; the rest is the tool itself.
  for (const ignored of [
    "README.md",
    "reports/**",
    "tests/**",
    "src/**",
    "scripts/**",
    "dist/**",
    "bench/**",
    ".ci/**",
    "docs/**",
    "pages/**",
    "assets/**",
  ]) {
    eleventyConfig.ignores.add(ignored);
  }
  // The dev server cannot parse TypeScript dependencies; `npm start` restarts on src/ changes.
  eleventyConfig.setWatchJavaScriptDependencies(false);

  return {
    dir: { input: ".", includes: "_includes", data: "_data", output: "_site" },
    templateFormats: ["md", "njk", "11ty.js"],
    // Markdown is Markdown: `{{` and `{%` in a report are text, never template code.
    markdownTemplateEngine: false,
    htmlTemplateEngine: "njk",
    pathPrefix,
  };
}
