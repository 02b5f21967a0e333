#!/usr/bin/env node
// The `serialpress` command: the compiled sources in dist/ (scripts/compile.js
// compiles them first when a TypeScript source is newer).
import { ensureCompiled } from "./compile.js";

await ensureCompiled();
const { main } = await import("../dist/cli.js");
await main(process.argv);
