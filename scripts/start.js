#!/usr/bin/env node
// `npm start`: split the bundled report when its posts are missing or stale,
// then build the site and serve it locally (Eleventy's dev server prints the URL).
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { ensureCompiled } from "./compile.js";

await ensureCompiled();
const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const report = pkg.serialpress.report;
const postsDir = pkg.serialpress.posts;
const lockPath = `${postsDir}/serial.lock.json`;

function stale() {
  if (!existsSync(lockPath)) return "no posts yet";
  const lock = JSON.parse(readFileSync(lockPath, "utf8"));
  const hash = createHash("sha256").update(readFileSync(report)).digest("hex");
  if (lock.report?.sha256 !== hash) return "the report changed since the last split";
  const missing = lock.parts.find((p) => !existsSync(`${postsDir}/${p.file}`));
  return missing ? `${postsDir}/${missing.file} is missing` : null;
}

const reason = stale();
if (reason) {
  console.log(`Splitting ${report} (${reason})…`);
  const { main } = await import("../dist/cli.js");
  await main([process.argv[0], "serialpress", "split", report, "--out", postsDir]);
  if (process.exitCode) process.exit(process.exitCode);
} else {
  console.log(`${postsDir}/ is up to date with ${report}.`);
}
const eleventy = spawn(
  process.execPath,
  ["node_modules/@11ty/eleventy/cmd.cjs", "--serve", ...process.argv.slice(2)],
  { stdio: "inherit" },
);
eleventy.on("exit", (code) => process.exit(code ?? 0));
