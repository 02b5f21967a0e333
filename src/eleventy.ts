/**
 * What an Eleventy configuration imports from serialpress (compiled to
 * dist/eleventy.js by scripts/compile.js): the plugin, and the site
 * settings helpers `.eleventy.js` uses for the path prefix.
 */
export { default } from "./site/plugin.js";
export type { PluginOptions, SeriesOptions } from "./site/plugin.js";
export { loadSiteSettings, pathPrefixOf } from "./site/settings.js";
export type { SiteSettings } from "./site/settings.js";
