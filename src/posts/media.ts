import { decodeFragment } from "../slug.js";
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import type { PlanWarning } from "../split/plan.js";

/** Sub-folder of the posts folder that holds the report's images; published at `/media/`. */
export const MEDIA_DIR = "media";

/**
 * Copies the images a report uses by relative path (e.g. `images/cycle.svg`)
 * into `<postsDir>/media/`, keeping their relative paths, so post pages can
 * show them at `/media/<path>`. An image the report carries inside itself
 * (`embedded`, a Word document's images by path) is written from those
 * bytes. Files that already have the same bytes are left alone. A missing
 * image, or a path that leaves the report's folder, is reported as a warning
 * with its line, not copied.
 */
export async function copyMedia(
  reportFile: string,
  images: { src: string; line: number }[],
  postsDir: string,
  embedded: ReadonlyMap<string, Uint8Array> = new Map(),
): Promise<{ copied: string[]; warnings: PlanWarning[] }> {
  const base = resolve(dirname(reportFile));
  const copied: string[] = [];
  const warnings: PlanWarning[] = [];
  for (const { src, line } of images) {
    const path = decodeFragment(src.split(/[?#]/)[0]!);
    const from = resolve(base, path);
    const rel = relative(base, from);
    if (rel.startsWith("..") || rel.startsWith(sep)) {
      warnings.push({
        line,
        message: `image "${src}" is outside the report's folder; move it next to the report to publish it`,
      });
      continue;
    }
    const to = join(postsDir, MEDIA_DIR, rel);
    const inside = embedded.get(src);
    const bytes = inside ? Buffer.from(inside) : await readFile(from).catch(() => null);
    if (!bytes) {
      warnings.push({ line, message: `image "${src}" does not exist (looked for ${from})` });
      continue;
    }
    const existing = await readFile(to).catch(() => null);
    if (existing && existing.equals(bytes)) continue;
    await mkdir(dirname(to), { recursive: true });
    if (inside) await writeFile(to, bytes);
    else await copyFile(from, to);
    copied.push(rel.split(sep).join("/"));
  }
  return { copied, warnings };
}
