import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { createInterface } from "node:readline";
import cliProgress from "cli-progress";
import { SerialpressError } from "../errors.js";

/** Options of `serialpress build` and `serialpress serve`. */
export interface BuildOptions {
  /** Serve with Eleventy's dev server and rebuild on changes. */
  serve?: boolean;
  /** Print nothing but errors. */
  quiet?: boolean;
  /** Expected number of output files, for the progress bar (TTY only). */
  expectedFiles?: number;
}

/** Raised when Eleventy exits with an error; its own message is already on stderr. */
export class BuildError extends SerialpressError {}

/**
 * Runs Eleventy in the current project (its `.eleventy.js` loads the
 * compiled plugin from dist/). On a terminal, a one-shot build shows a progress bar fed by
 * Eleventy's "Writing …" lines; elsewhere Eleventy's output passes through.
 *
 * @throws BuildError when Eleventy exits non-zero.
 */
export async function runEleventy(options: BuildOptions = {}): Promise<void> {
  // cmd.cjs is not in Eleventy's package exports; find it at the package's root.
  const main = createRequire(import.meta.url).resolve("@11ty/eleventy");
  const root = main.slice(
    0,
    main.lastIndexOf(join("@11ty", "eleventy")) + join("@11ty", "eleventy").length,
  );
  const cmd = join(root, "cmd.cjs");
  const args = [cmd, ...(options.serve ? ["--serve"] : []), ...(options.quiet ? ["--quiet"] : [])];
  const showBar =
    !options.serve &&
    !options.quiet &&
    process.stderr.isTTY === true &&
    (options.expectedFiles ?? 0) > 0;
  const child = spawn(process.execPath, args, {
    stdio: ["inherit", showBar ? "pipe" : "inherit", "inherit"],
  });
  if (showBar && child.stdout) {
    const bar = new cliProgress.SingleBar(
      { format: "Building {bar} {value}/{total} files", stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    const start = setTimeout(() => {
      started = true;
      bar.start(options.expectedFiles!, 0);
    }, 1000);
    let written = 0;
    for await (const line of createInterface({ input: child.stdout })) {
      if (/Writing /.test(line)) written++;
      if (started) bar.update(Math.min(written, options.expectedFiles!));
      else if (!/Writing /.test(line)) process.stdout.write(`${line}\n`);
      if (/Wrote \d+ files/.test(line)) {
        if (started) bar.stop();
        process.stdout.write(`${line}\n`);
      }
    }
    clearTimeout(start);
  }
  const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? 1)));
  if (code !== 0)
    throw new BuildError(`the Eleventy build failed (exit code ${code}); its message is above.`);
}
