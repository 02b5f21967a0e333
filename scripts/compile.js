// Compiles the TypeScript sources once into dist/ (esbuild), so Eleventy,
// the CLI and any site that installs serialpress run plain JavaScript: no
// TypeScript transpiler at build time. `npm ci` runs it (the `prepare`
// script); `.eleventy.js` and the CLI run it again only when a source is
// newer than dist/ (a few milliseconds to check).
import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import writeFileAtomic from "write-file-atomic";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
/** Entry points: the Eleventy side (plugin and settings helpers) and the command line. */
const ENTRIES = { eleventy: "src/eleventy.ts", cli: "src/cli.ts" };
const outputs = Object.keys(ENTRIES).map((name) => join(ROOT, "dist", `${name}.js`));

/** Newest modification time of any file under a folder, in ms. */
function newest(dir) {
  let time = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) time = Math.max(time, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return time;
}

/** Whether dist/ is missing or older than a source (or this script). */
export function stale() {
  if (!outputs.every((f) => existsSync(f))) return true;
  const built = Math.min(...outputs.map((f) => statSync(f).mtimeMs));
  const sources = Math.max(
    newest(join(ROOT, "src")),
    statSync(fileURLToPath(import.meta.url)).mtimeMs,
  );
  return sources > built;
}

/**
 * The plugin's libraries bundled into dist/eleventy.js: ES modules of many
 * files each (htmlparser2's tokenizer and its entities, uuid...), without
 * CommonJS `__dirname` or `require` to go wrong when moved into one file. The
 * versions are still the ones package-lock.json pins. Every other package stays
 * an import of node_modules: those Eleventy loads anyway (markdown-it, luxon,
 * posthtml, debug: one copy in memory), the CommonJS ones (feed,
 * write-file-atomic...) and `yaml`, loaded only when needed.
 */
export const BUNDLED = [
  "htmlparser2",
  "uuid",
  "ical.js",
  "github-slugger",
  "html-void-elements",
  "markdown-it-footnote",
];

/** Every other dependency of this package (package.json): an import of node_modules. */
const EXTERNAL = Object.keys(
  JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).dependencies,
).filter((name) => !BUNDLED.includes(name));

/**
 * Bundles each entry, ESM for Node 20: the command line with its own sources
 * (dependencies stay imports of node_modules), the plugin also with the
 * {@link BUNDLED} libraries. Node 20's ESM loader pays for every module file it
 * resolves and links, and those libraries are dozens of files: bundled, the
 * plugin loads in about 43 ms instead of 71 ms after Eleventy's own modules
 * (issue 15; measured by importing it both ways). Each file is written
 * atomically (write-file-atomic), so builds running at once (parallel tests)
 * never read half a file.
 */
export async function compile() {
  const { build } = await import("esbuild");
  const common = {
    absWorkingDir: ROOT,
    outdir: "dist",
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: true,
    write: false,
    logLevel: "warning",
  };
  const results = await Promise.all([
    build({ ...common, entryPoints: { cli: ENTRIES.cli }, packages: "external" }),
    // esbuild bundles what is not external: the BUNDLED libraries and their own imports.
    build({ ...common, entryPoints: { eleventy: ENTRIES.eleventy }, external: EXTERNAL }),
  ]);
  for (const file of results.flatMap((r) => r.outputFiles)) {
    await mkdir(dirname(file.path), { recursive: true });
    await writeFileAtomic(file.path, Buffer.from(file.contents));
  }
}

/** Compiles when {@link stale}. */
export async function ensureCompiled() {
  if (stale()) await compile();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await compile();
