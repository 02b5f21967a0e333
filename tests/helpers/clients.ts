import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, normalize } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const works = (file: string, args: string[]) =>
  run(file, args).then(
    () => true,
    () => false,
  );

/** Debian's python3 (the one on PATH may be a pyenv build without Debian's modules). */
export const PYTHON = "/usr/bin/python3";

/** Which real clients this machine has (`.ci/run` installs them all). */
export const clients = {
  xmllint: await works("xmllint", ["--version"]),
  feedparser: existsSync(PYTHON) && (await works(PYTHON, ["-c", "import feedparser"])),
  newsboat: await works("newsboat", ["--version"]),
};

const install = {
  xmllint: "apt-get install libxml2-utils",
  feedparser: "apt-get install python3-feedparser",
  newsboat: "apt-get install newsboat",
};
for (const [name, present] of Object.entries(clients))
  if (!present)
    console.warn(
      `SKIPPED ${name} checks: ${name} is not installed (${install[name as keyof typeof install]}; .ci/run installs it).`,
    );

/**
 * Everything `xmllint --noout` prints for an XML text (read from stdin): empty
 * when the document is well-formed and namespace-correct. xmllint exits 0 on
 * namespace errors, so the test is on its output, not its exit code.
 */
export function xmllint(xml: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("xmllint", ["--noout", "-"]);
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("close", () => resolve(out));
    child.stdin.end(xml);
  });
}

/** What Debian's feedparser makes of a feed file. */
export interface FeedparserResult {
  bozo: boolean;
  bozoException: string;
  updated: string;
  entries: { title: string; link: string; id: string; published: string; updated: string }[];
}

/** Parses a feed file with Debian's python3-feedparser; titles as a reader shows them (HTML decoded). */
export async function feedparser(file: string): Promise<FeedparserResult> {
  const script = [
    "import feedparser, html, json, sys",
    "d = feedparser.parse(sys.argv[1])",
    "g = lambda o, k: o.get(k, '')",
    // feedparser gives a text/html title as HTML; a reader shows it decoded.
    "t = lambda e: html.unescape(e.title) if e.title_detail.type == 'text/html' else e.title",
    "print(json.dumps({'bozo': bool(d.bozo), 'bozoException': str(g(d, 'bozo_exception')), 'updated': g(d.feed, 'updated'),",
    "  'entries': [{'title': t(e), 'link': e.link, 'id': e.id, 'published': g(e, 'published'), 'updated': g(e, 'updated')} for e in d.entries]}))",
  ].join("\n");
  const { stdout } = await run(PYTHON, ["-c", script, file], { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as FeedparserResult;
}

/**
 * Reads one feed URL with newsboat (a terminal feed reader) in a fresh HOME
 * and cache, and returns the items it stored, newest first as newsboat
 * lists them (read from its SQLite cache with Debian's python3). Each call has its own
 * cache: newsboat de-duplicates items by GUID across feeds. newsboat 2.21
 * reads RSS and Atom, not JSON Feed.
 */
export async function newsboat(
  url: string,
): Promise<{ title: string; guid: string; url: string }[]> {
  const home = await mkdtemp(join(tmpdir(), "serialpress-newsboat-"));
  await writeFile(join(home, "urls"), `${url}\n`);
  await writeFile(join(home, "config"), "");
  const args = ["-u", "urls", "-c", "cache.db", "-C", "config", "-x", "reload"];
  await run("newsboat", args, { cwd: home, env: { ...process.env, HOME: home } });
  const script = [
    "import json, sqlite3, sys",
    "rows = sqlite3.connect(sys.argv[1]).execute('SELECT title, guid, url FROM rss_item ORDER BY pubDate DESC, id DESC')",
    "print(json.dumps([{'title': t, 'guid': g, 'url': u} for t, g, u in rows]))",
  ].join("\n");
  const { stdout } = await run(PYTHON, ["-c", script, join(home, "cache.db")]);
  return JSON.parse(stdout) as { title: string; guid: string; url: string }[];
}

/**
 * Serves a folder over http://127.0.0.1 on a free port (static files only),
 * for clients that read feeds by URL. Call `close` when done.
 */
export async function serve(dir: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    try {
      const body = await readFile(join(dir, path.endsWith("/") ? `${path}index.html` : path));
      const type = path.endsWith(".json")
        ? "application/feed+json"
        : path.endsWith(".xml")
          ? "application/xml"
          : "text/html";
      res.writeHead(200, { "content-type": `${type}; charset=utf-8` }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
