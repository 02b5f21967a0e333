#!/usr/bin/env node
// The `serialpress` command. The sources are TypeScript, loaded through tsx.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli.ts");
await main(process.argv);
