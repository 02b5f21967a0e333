// Compiles the TypeScript sources once into dist/ (esbuild), so Eleventy,
// the CLI and any site that installs serialpress run plain JavaScript: no
// TypeScript transpiler at build time. `npm ci` runs it (the `prepare`
// script); `.eleventy.js` and the CLI run it again only when a source is
// newer than dist/ (a few milliseconds to check).
import { readdirSync, statSync, existsSync } from "node:fs";
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
 * Bundles each entry with its own sources (dependencies stay imports of
 * node_modules), ESM for Node 20. Each file is written atomically
 * (write-file-atomic), so builds running at once (parallel tests) never read
 * half a file.
 */
export async function compile() {
  const { build } = await import("esbuild");
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: "dist",
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: true,
    write: false,
    logLevel: "warning",
  });
  for (const file of result.outputFiles) {
    await mkdir(dirname(file.path), { recursive: true });
    await writeFileAtomic(file.path, Buffer.from(file.contents));
  }
}

/** Compiles when {@link stale}. */
export async function ensureCompiled() {
  if (stale()) await compile();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await compile();
