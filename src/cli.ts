import { Command, InvalidArgumentError, Option } from "commander";
import { SerialpressError } from "./errors.js";
import { runConvert } from "./commands/convert.js";
import { runSplit } from "./commands/split.js";

const whole = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`${name} must be a whole number above 0.`);
  return n;
};

/** Builds the `serialpress` command line (commander). */
export function createProgram(): Command {
  const program = new Command("serialpress")
    .description(
      "Split a long report into a series of dated posts, and publish them with Eleventy.",
    )
    .option("--debug", "print stack traces of errors")
    .showHelpAfterError();

  const split = (name: string, dryRun: boolean) =>
    program
      .command(name)
      .description(
        dryRun
          ? "show the plan of a split without writing anything (split --dry-run)"
          : "split a report into dated posts and write them with serial.lock.json",
      )
      .argument("<report>", "the report: Markdown (.md) or Word (.docx)")
      .option("-o, --out <dir>", "folder for the posts and serial.lock.json", "posts")
      .option(
        "--target-words <n>",
        "aim for parts of about this many words (default 800)",
        whole("--target-words"),
      )
      .option(
        "--min-words <n>",
        "merge parts smaller than this (default target/2)",
        whole("--min-words"),
      )
      .option(
        "--max-words <n>",
        "never exceed this unless one block is larger (default target*2)",
        whole("--max-words"),
      )
      .option(
        "--start <date>",
        "first release date, YYYY-MM-DD in the series' time zone (default today)",
      )
      .option("--every <cadence>", "cadence: day, week, 'N days' or 'N weeks' (default week)")
      .option("--time <HH:MM>", "release time on a 24-hour clock (default 09:00)")
      .option("--tz <zone>", "IANA time zone of the schedule (default UTC)")
      .option("--name <name>", "series name (default the report's title)")
      .option("--force", "overwrite posts that were edited by hand")
      .addOption(
        new Option("--dry-run", "print the plan and write nothing")
          .default(dryRun)
          .hideHelp(dryRun),
      )
      .action(async (report: string, o) => {
        await runSplit({
          report,
          out: o.out,
          dryRun: Boolean(o.dryRun),
          force: Boolean(o.force),
          settings: {
            targetWords: o.targetWords,
            minWords: o.minWords,
            maxWords: o.maxWords,
            start: o.start,
            every: o.every,
            time: o.time,
            timezone: o.tz,
            name: o.name,
          },
        });
      });
  split("split", false);
  split("plan", true);
  program
    .command("convert")
    .description(
      "write the Markdown (and images) a Word report is split from; split messages name its lines",
    )
    .argument("<report>", "the report, a Word file (.docx)")
    .option("-o, --out <file>", "Markdown file to write (default: the report's name with .md)")
    .option("--force", "overwrite the Markdown file if it exists")
    .action(async (report: string, o) => {
      await runConvert({ report, out: o.out, force: Boolean(o.force) });
    });
  return program;
}

/**
 * Runs the CLI. Errors a user can fix print their message and exit 1;
 * stack traces only with `--debug` or `DEBUG=serialpress*`.
 */
export async function main(argv: string[]): Promise<void> {
  const program = createProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    const debug = argv.includes("--debug") || /serialpress/.test(process.env.DEBUG ?? "");
    if (error instanceof SerialpressError && !debug) {
      process.stderr.write(`serialpress: ${error.message}\n`);
    } else {
      process.stderr.write(`serialpress: ${(error as Error).stack ?? String(error)}\n`);
    }
    process.exitCode = 1;
  }
}
