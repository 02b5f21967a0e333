import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The project root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** `../shared/corpus` beside the project root, where real reports live (may be absent). */
export const CORPUS = resolve(ROOT, "../shared/corpus");

/** Whether the shared corpus is present; tests that need it skip with a visible message when not. */
export const HAVE_CORPUS = existsSync(join(CORPUS, "SOURCES.md"));

/** The bundled sample report. */
export const SAMPLE = join(ROOT, "reports/communities-of-practice.md");
