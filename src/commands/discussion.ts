import { existsSync } from "node:fs";
import { join } from "node:path";
import { readsBack } from "../discussion/channel.js";
import { fetchDiscussion } from "../discussion/fetch.js";
import { readSnapshotSync, SNAPSHOT_FILE, writeSnapshot } from "../discussion/snapshot.js";
import { requireLock } from "../posts/lock.js";
import { loadSiteSettings } from "../site/settings.js";

/** Options of `serialpress discussion fetch`, as the CLI passes them. */
export interface DiscussionFetchOptions {
  /** Folder of the posts and `serial.lock.json`. */
  posts: string;
  /** Site settings file (`comments` names the channel). */
  site: string;
  /** Snapshot to update (default `<posts>/discussion.json`). */
  snapshot?: string;
  /** Longest wait for the channel, in seconds. */
  timeout?: number;
  json?: boolean;
  /** The fetch's instant (default: the clock). */
  now?: Date;
  /** Environment (`GITHUB_TOKEN`); default process.env. */
  env?: NodeJS.ProcessEnv;
  print?: (line: string) => void;
  warn?: (line: string) => void;
}

/** What `serialpress discussion fetch --json` prints. */
export interface DiscussionFetchReport {
  /** The channel read, or null when the site's channel cannot be read back. */
  channel: string | null;
  ok: boolean;
  added: number;
  refetched: number;
  /** Comments in the snapshot after the fetch. */
  total: number;
  /** Whether the snapshot file was written (its comments or the channel's error changed). */
  written: boolean;
  snapshot: string;
  warning?: string;
}

/**
 * Fetches the site's discussion into the snapshot, written atomically and
 * only when its comments or the channel's error changed. A channel that fails is a warning (stderr), and the
 * command still exits 0, so the scheduled build that follows runs with the
 * comments fetched before.
 *
 * @throws InputError when the posts folder has no lock (split first), or a
 *   SettingError for bad site settings.
 */
export async function runDiscussionFetch(
  o: DiscussionFetchOptions,
): Promise<DiscussionFetchReport> {
  const print = o.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const warn = o.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  const site = loadSiteSettings(o.site, o.env);
  const lock = await requireLock(o.posts);
  const path = o.snapshot ?? join(o.posts, SNAPSHOT_FILE);
  const snapshot = readSnapshotSync(path);
  if (!readsBack(site.comments)) {
    const hint =
      site.comments.channel === "mailto"
        ? `add "archive": the list's public-inbox address, to "comments" in ${o.site}`
        : `the "${site.comments.channel}" channel has no API serialpress reads; use mailto with a public-inbox archive, github-discussions or discourse`;
    const report: DiscussionFetchReport = {
      channel: null,
      ok: true,
      added: 0,
      refetched: 0,
      total: snapshot.comments.length,
      written: false,
      snapshot: path,
      warning: `nothing to fetch: ${hint}.`,
    };
    if (o.json) print(JSON.stringify(report, null, 2));
    else warn(`serialpress: ${report.warning}`);
    return report;
  }
  const result = await fetchDiscussion({
    site,
    lock,
    snapshot,
    now: o.now ?? new Date(),
    timeoutMs: (o.timeout ?? 60) * 1000,
    env: o.env,
  });
  // Written only when what it says changed (a comment, or the channel failing or
  // recovering), so a scheduled job that commits it makes no commit per run.
  const changed =
    JSON.stringify(result.snapshot.comments) !== JSON.stringify(snapshot.comments) ||
    result.snapshot.channels[result.source!]?.error !== snapshot.channels[result.source!]?.error ||
    !existsSync(path);
  if (changed) await writeSnapshot(path, result.snapshot);
  const report: DiscussionFetchReport = {
    channel: result.source ?? null,
    ok: !result.warning,
    added: result.added,
    refetched: result.refetched,
    total: result.snapshot.comments.length,
    written: changed,
    snapshot: path,
    ...(result.warning ? { warning: result.warning } : {}),
  };
  if (result.warning) warn(`serialpress: warning: ${result.warning}`);
  if (o.json) print(JSON.stringify(report, null, 2));
  else if (!result.warning)
    print(
      `${result.source}: ${report.added} new, ${report.refetched} fetched again; ${report.total} comments in ${path}.`,
    );
  return report;
}
