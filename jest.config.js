// Jest runs as native ESM (the `feed` package is ESM-only); @swc/jest strips
// TypeScript without tying us to a TypeScript version.
/** @type {import('jest').Config} */
export default {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  extensionsToTreatAsEsm: [".ts"],
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      {
        jsc: {
          parser: { syntax: "typescript" },
          target: "es2022",
          // Keep `with { type: "json" }`: Jest deprecates JSON imports without it.
          experimental: { keepImportAttributes: true },
        },
        module: { type: "es6" },
      },
    ],
  },
  // Source imports say `./x.js` (NodeNext style); map them back to the .ts files.
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  testTimeout: 120000,
  globalSetup: "<rootDir>/tests/helpers/global-setup.js",
  reporters: ["default", "<rootDir>/tests/helpers/summary-reporter.cjs"],
};
