// scripts/compile.js (issue 15): the plugin bundle dist/eleventy.js carries the
// ES module libraries listed in BUNDLED and imports every other package from
// node_modules. tests/helpers/global-setup.js compiled it before the tests.
import { describe, expect, test } from "@jest/globals";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
// @ts-expect-error scripts/compile.js is plain JavaScript without type declarations.
import { BUNDLED } from "../scripts/compile.js";
import { ROOT } from "./helpers/paths.js";

const bundle = () => readFile(join(ROOT, "dist/eleventy.js"), "utf8");

/** The bare specifiers of a bundle's static `import … from "x"` statements, sorted, without `node:` built-ins. */
function packageImports(code: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(/^import\s[^;]*?\sfrom\s"([^"]+)";$/gm))
    if (!m[1]!.startsWith("node:") && !m[1]!.startsWith(".")) found.add(m[1]!);
  return [...found].sort();
}

describe("the plugin bundle", () => {
  test("imports from node_modules only the libraries Eleventy also loads and the CommonJS ones", async () => {
    expect(packageImports(await bundle())).toEqual([
      "debug",
      "feed",
      "http-equiv-refresh",
      "luxon",
      "markdown-it",
      "parse-srcset",
      "posthtml",
      "write-file-atomic",
    ]);
  });

  test("holds no CommonJS module, whose require and __dirname would break in one ES module file", async () => {
    const code = await bundle();
    for (const marker of ["__commonJS(", "__require(", "__dirname", "__filename"])
      expect(code.includes(marker) ? marker : "absent").toBe("absent");
  });

  test("bundles only pinned dependencies of this package", async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    for (const name of BUNDLED as string[])
      expect(`${name}@${pkg.dependencies[name]}`).toMatch(
        new RegExp(`^${name}@\\d+\\.\\d+\\.\\d+$`),
      );
  });
});
