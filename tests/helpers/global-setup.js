// Compiles src/ into dist/ once before the tests, so the Eleventy builds the
// tests run in parallel all load the same, current plugin.
import { compile } from "../../scripts/compile.js";

export default async function globalSetup() {
  await compile();
}
