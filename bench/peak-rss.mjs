// Preloaded into benchmark child processes (`node --import bench/peak-rss.mjs …`):
// on exit, prints the process's peak resident set size and CPU time (user +
// system, all threads, microseconds) for the parent to read.
import { writeSync } from "node:fs";

process.on("exit", () => {
  const usage = process.resourceUsage();
  writeSync(
    2,
    `\npeak-rss-kib ${usage.maxRSS}\ncpu-us ${usage.userCPUTime + usage.systemCPUTime}\n`,
  );
});
