import { Command, InvalidArgumentError, Option } from "commander";
import { SerialpressError } from "./errors.js";
import { runEleventy } from "./commands/build.js";
import { planJson, runSplit } from "./commands/split.js";
import { seriesStatus, statusText } from "./commands/status.js";
import { runNext } from "./commands/next.js";
import { runConvert } from "./commands/convert.js";
import { runDiscussionFetch } from "./commands/discussion.js";
import { runMail } from "./commands/mail.js";

const whole = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`${name} must be a whole number above 0.`);
  return n;
};

const collect = (value: string, previous: string[] = []) => [...previous, value];

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
      .argument("<report>", "the report: Markdown (.md), Word (.docx) or HTML (.html, .htm)")
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
        "--split-level <n>",
        "cut before every heading of this level or higher (1-6) and nowhere else, whatever the sizes",
        whole("--split-level"),
      )
      .option(
        "--start <date>",
        "first release date, YYYY-MM-DD in the series' time zone (default today)",
      )
      .option(
        "--every <cadence>",
        "cadence: day, week, weekdays, 'mon,thu', 'every N days', 'every N weeks', or dates '2027-03-02,2027-03-09' (default week)",
      )
      .option(
        "--skip <dates>",
        "no release on these days: YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD, comma-separated, repeatable",
        collect,
      )
      .option(
        "--skip-file <file>",
        "a file of days to skip (holidays), one date or range per line, # for comments",
      )
      .option("--time <HH:MM>", "release time on a 24-hour clock (default 09:00)")
      .option("--tz <zone>", "IANA time zone of the schedule (default UTC)")
      .option("--name <name>", "series name (default the report's title)")
      .option(
        "--base <path>",
        "site path the series lives under, e.g. /reports/learning-together/ inside an existing site (default /)",
      )
      .option("--force", "overwrite posts that were edited by hand")
      .option(
        "--withdraw <id...>",
        "keep these released parts, whose text left the report, as pages with a withdrawal note",
      )
      .addOption(
        new Option("--dry-run", "print the plan and write nothing")
          .default(dryRun)
          .hideHelp(dryRun),
      )
      .option("-q, --quiet", "print nothing but warnings and errors")
      .option("--json", "print the plan as JSON (for scripts) instead of a table")
      .action(async (report: string, o) => {
        const silent = Boolean(o.quiet || o.json);
        const result = await runSplit({
          print: silent ? () => {} : undefined,
          report,
          out: o.out,
          dryRun: Boolean(o.dryRun),
          force: Boolean(o.force),
          withdraw: o.withdraw ?? [],
          settings: {
            targetWords: o.targetWords,
            minWords: o.minWords,
            maxWords: o.maxWords,
            splitLevel: o.splitLevel,
            start: o.start,
            every: o.every,
            time: o.time,
            timezone: o.tz,
            name: o.name,
            base: o.base,
            skip: o.skip,
            skipFile: o.skipFile,
          },
        });
        if (o.json) process.stdout.write(`${JSON.stringify(planJson(result), null, 2)}\n`);
      });
  split("split", false);
  split("plan", true);

  program
    .command("build")
    .description(
      "build the site once into _site/ (SERIAL_NOW=<ISO timestamp> to preview another instant)",
    )
    .option("-q, --quiet", "print nothing but errors")
    .action(async (o: { quiet?: boolean }) => {
      const status = await seriesStatus("posts").catch(() => null);
      const released = status?.parts.filter((p) => p.state !== "upcoming").length ?? 0;
      await runEleventy({ quiet: o.quiet, expectedFiles: released + 6 });
    });

  program
    .command("serve")
    .description("build the site and serve it locally, rebuilding on changes")
    .action(async () => runEleventy({ serve: true }));

  program
    .command("status")
    .description(
      "list the parts with their release dates: released, upcoming or withdrawn, and the next release",
    )
    .option("-o, --out <dir>", "folder of the posts and serial.lock.json", "posts")
    .option("--json", "print the status as JSON for scripts")
    .action(async (o: { out: string; json?: boolean }) => {
      const status = await seriesStatus(o.out);
      process.stdout.write(
        o.json ? `${JSON.stringify(status, null, 2)}\n` : `${statusText(status)}\n`,
      );
    });

  program
    .command("next")
    .description(
      "print when the next part comes out: ISO 8601 with offset, then a sentence (for people and CI jobs)",
    )
    .option("--posts <dir>", "folder of serial.lock.json", "posts")
    .addOption(new Option("-o, --out <dir>", "same as --posts (as for split)").hideHelp())
    .option(
      "--json",
      "print JSON: now, released, total, next {part, date, utc, human, seconds} or null",
    )
    .action(async (o) => {
      await runNext({ posts: o.out ?? o.posts, json: Boolean(o.json) });
    });

  program
    .command("convert")
    .description(
      "write the Markdown (and images) a Word or HTML report is split from; split messages name its lines",
    )
    .argument("<report>", "the report, a Word (.docx) or HTML (.html) file")
    .option("-o, --out <file>", "Markdown file to write (default: the report's name with .md)")
    .option("--force", "overwrite the Markdown file if it exists")
    .action(async (report: string, o) => {
      await runConvert({ report, out: o.out, force: Boolean(o.force) });
    });
  program
    .command("mail")
    .description(
      "email edition: send each released part not sent before to the list in site settings (SMTP_URL from the environment), once",
    )
    .option("--posts <dir>", "folder of serial.lock.json and mail.json (the send record)", "posts")
    .option("--site <file>", 'site settings file (its "mail" block)', "_data/site.json")
    .option("--dry-run", "list what would be sent; send and write nothing")
    .option(
      "--preview <n>",
      "write part N's message to part-N.eml instead of sending",
      whole("--preview"),
    )
    .option("--out <dir>", "folder for --preview (default: the current folder)")
    .option(
      "--resend <n>",
      "send part N again, though it was sent (or is in doubt)",
      whole("--resend"),
    )
    .option(
      "--mark-sent <n>",
      "record part N as sent without sending (an in-doubt part that did arrive)",
      whole("--mark-sent"),
    )
    .action(async (o) => {
      await runMail({
        posts: o.posts,
        site: o.site,
        dryRun: Boolean(o.dryRun),
        preview: o.preview,
        out: o.out,
        resend: o.resend,
        markSent: o.markSent,
      });
    });

  const discussion = program
    .command("discussion")
    .description("the comments shown on the site, read back from the discussion channel");
  discussion
    .command("fetch")
    .description(
      "fetch the comments from the channel in site settings into the snapshot the build shows (a channel that is down keeps the comments fetched before)",
    )
    .option("--posts <dir>", "folder of serial.lock.json and discussion.json", "posts")
    .option("--site <file>", "site settings file", "_data/site.json")
    .option("--snapshot <file>", "snapshot file (default: <posts>/discussion.json)")
    .option("--timeout <seconds>", "longest wait for the channel", whole("--timeout"), 60)
    .option("--json", "print what was fetched as JSON")
    .action(async (o) => {
      await runDiscussionFetch({
        posts: o.posts,
        site: o.site,
        snapshot: o.snapshot,
        timeout: o.timeout,
        json: Boolean(o.json),
      });
    });
  return program;
}

/**
 * Runs the CLI. Errors a user can fix print their message and exit 1;
 * stack traces only with `--debug` or `DEBUG=serialpress*`.
 */
export async function main(argv: string[]): Promise<void> {
  // `serialpress plan … | head` closes stdout early: stop quietly, as Unix tools do.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
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
