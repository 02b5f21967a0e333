import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Whether Debian's public-inbox is installed (`.ci/run` installs it). */
export const HAVE_PUBLIC_INBOX = existsSync("/usr/bin/public-inbox-httpd");

/** A real public-inbox: a v2 inbox in a temporary folder, served by public-inbox-httpd on 127.0.0.1. */
export interface TestInbox {
  /** The inbox's address, e.g. `http://127.0.0.1:40123/serial/`. */
  url: string;
  /** Delivers one RFC 5322 message (text, or bytes as sent) with public-inbox-mda. */
  deliver(message: string | Buffer): Promise<void>;
  /** Stops the server and removes the inbox. */
  close(): Promise<void>;
  /** Stops the server only (the archive is "down"). */
  stop(): Promise<void>;
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Creates, fills and serves a public-inbox archive for a test. Its
 * configuration lives in the temporary folder (PI_CONFIG, HOME), so nothing
 * outside it changes.
 */
export async function startInbox(
  address = "serial@lists.example.org",
  options: { mirror?: boolean } = {},
): Promise<TestInbox> {
  const dir = await mkdtemp(join(tmpdir(), "serialpress-inbox-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/serial/`;
  const env = { ...process.env, HOME: dir, PI_CONFIG: join(dir, "config") };
  const run = (
    cmd: string,
    args: string[],
    input?: string | Buffer,
    extra: NodeJS.ProcessEnv = {},
  ) =>
    new Promise<void>((resolve, reject) => {
      const child = execFile(cmd, args, { env: { ...env, ...extra } }, (error, _out, stderr) =>
        error ? reject(new Error(`${cmd} failed: ${stderr || error.message}`)) : resolve(),
      );
      if (input !== undefined) child.stdin!.end(input);
    });
  await run("public-inbox-init", ["-V2", "serial", join(dir, "inbox"), url, address]);
  // No spam filter here: spamc is not installed, and every test message is wanted.
  await run("git", ["config", "-f", join(dir, "config"), "publicinboxmda.spamcheck", "none"]);
  // public-inbox's default filter refuses any text/html part (the kernel lists'
  // policy); an archive of a list that takes HTML mail mirrors it whole.
  if (options.mirror)
    await run("git", [
      "config",
      "-f",
      join(dir, "config"),
      "publicinbox.serial.filter",
      "PublicInbox::Filter::Mirror",
    ]);
  let server: ChildProcess | undefined = spawn(
    "public-inbox-httpd",
    ["-l", `http://127.0.0.1:${port}`, "-W", "0"],
    { env, stdio: "ignore" },
  );
  // Wait until it answers.
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/`);
      await r.arrayBuffer();
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const stop = async () => {
    if (!server) return;
    const s = server;
    server = undefined;
    await new Promise<void>((resolve) => {
      s.once("exit", () => resolve());
      s.kill("SIGTERM");
    });
  };
  return {
    url,
    deliver: (message) => run("public-inbox-mda", [], message, { ORIGINAL_RECIPIENT: address }),
    stop,
    close: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
