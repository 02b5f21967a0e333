import { afterAll, afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { runMail, type MailCommandOptions } from "../src/commands/mail.js";
import { editionMessageId } from "../src/mail/message-id.js";
import type { SendRecord } from "../src/mail/record.js";
import type { SerialLock } from "../src/posts/lock.js";
import { ROOT, SAMPLE } from "./helpers/paths.js";
import { runSplit } from "../src/commands/split.js";
import { startSmtp, type TestSmtp } from "./helpers/smtp.js";
import { freePort, HAVE_PUBLIC_INBOX, startInbox } from "./helpers/public-inbox.js";
import { runDiscussionFetch } from "../src/commands/discussion.js";
import { build, makeSite } from "./helpers/site.js";

// Issue 14: the email edition, against a real SMTP server on 127.0.0.1.
const SITE = "https://learning-together.example.org";
const LIST = "learning-together@lists.example.org";
const MAIL = {
  to: [LIST],
  from: "Learning Together <editor@learning-together.example.org>",
  unsubscribe: "mailto:learning-together+unsubscribe@lists.example.org",
  listId: "learning-together.lists.example.org",
};
// Parts 1-3 of the sample are out on 21 October 2026; part 4 on 27 October.
const AFTER_PART_3 = new Date("2026-10-21T00:00:00Z");
const AFTER_PART_4 = new Date("2026-10-28T00:00:00Z");

let dir: string;
let lock: SerialLock;
let smtp: TestSmtp | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "serialpress-mail-"));
  await cp(join(ROOT, "posts"), join(dir, "posts"), { recursive: true });
  for (const f of ["discussion.json", "mail.json"])
    await rm(join(dir, "posts", f), { force: true });
  const settings = JSON.parse(await readFile(join(ROOT, "_data/site.json"), "utf8"));
  await writeFile(join(dir, "site.json"), JSON.stringify({ ...settings, mail: MAIL }));
  lock = JSON.parse(await readFile(join(dir, "posts/serial.lock.json"), "utf8"));
});
afterEach(async () => {
  await smtp?.close();
  smtp = undefined;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const mail = (o: Partial<MailCommandOptions> = {}) =>
  runMail({
    posts: join(dir, "posts"),
    site: join(dir, "site.json"),
    now: AFTER_PART_3,
    env: { SMTP_URL: smtp?.url ?? "" },
    print: () => {},
    ...o,
  });
const record = async (): Promise<SendRecord> =>
  JSON.parse(await readFile(join(dir, "posts/mail.json"), "utf8"));
const parsed = (i: number): Promise<ParsedMail> => simpleParser(smtp!.received[i]!.raw);
const part = (n: number) => lock.parts.find((p) => p.number === n)!;

describe("serialpress mail", () => {
  test("sends each released part once, in release order, with the headers a list expects", async () => {
    smtp = await startSmtp();
    expect(await mail()).toEqual({ sent: [1, 2, 3] });
    expect(smtp.received.map((m) => [m.from, m.to])).toEqual([
      ["editor@learning-together.example.org", [LIST]],
      ["editor@learning-together.example.org", [LIST]],
      ["editor@learning-together.example.org", [LIST]],
    ]);
    const m = await parsed(2);
    expect(m.subject).toBe("[Learning Together] Part 3 of 10: Method");
    expect(m.messageId).toBe(editionMessageId(part(3), SITE));
    expect(m.messageId).toMatch(/^<[0-9a-f-]{36}@learning-together\.example\.org>$/);
    expect(m.from?.text).toBe('"Learning Together" <editor@learning-together.example.org>');
    expect(m.replyTo?.text).toBe(LIST);
    expect(m.headerLines.find((h) => h.key === "list-id")?.line).toBe(
      "List-ID: <learning-together.lists.example.org>",
    );
    expect(m.headerLines.find((h) => h.key === "list-unsubscribe")?.line).toBe(
      "List-Unsubscribe: <mailto:learning-together+unsubscribe@lists.example.org>",
    );
    expect((m.headers.get("content-type") as { value: string }).value).toBe(
      "multipart/alternative",
    );
    // HTML with its CSS inlined and every URL absolute; a reply link per section.
    expect(m.html).not.toContain("<style");
    expect(m.html).toMatch(/<p class="series-line" style="[^"]+">/);
    expect(m.html).not.toMatch(/(?:href|src)="\//);
    const inReplyTo = encodeURIComponent(editionMessageId(part(3), SITE));
    expect(m.html).toContain(
      `href="mailto:${LIST}?In-Reply-To=${inReplyTo}&amp;subject=Re%3A%20%5BLearning%20Together%5D%20Part%203%3A%20Method%20%E2%80%93%20Interviews&amp;body=About%20https%3A%2F%2Flearning-together.example.org%2Fposts%2Fmethod%2F%23interviews%0A%0A"`,
    );
    // The plain text names each section's URL for replies that keep it.
    expect(m.text).toContain(
      "Comment on this section: Interviews\n[https://learning-together.example.org/posts/method/#interviews]",
    );
    expect(m.text).toContain(
      "Read this part on the web\n[https://learning-together.example.org/posts/method/]",
    );
    const r = await record();
    expect(Object.entries(r.parts).map(([id, p]) => [id, p.state, p.messageId, p.to])).toEqual(
      [1, 2, 3].map((n) => [part(n).id, "sent", editionMessageId(part(n), SITE), [LIST]]),
    );
  });

  test("a second run sends nothing; after the next release only the new part goes out", async () => {
    smtp = await startSmtp();
    await mail();
    expect(await mail()).toEqual({ sent: [] });
    expect(await mail({ now: AFTER_PART_4 })).toEqual({ sent: [4] });
    expect(smtp.received).toHaveLength(4);
    expect((await parsed(3)).subject).toBe("[Learning Together] Part 4 of 10: Findings");
  });

  test("two runs at once: each part goes out once, the second run is refused naming the lock", async () => {
    smtp = await startSmtp();
    const results = await Promise.allSettled([mail(), mail()]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason.message).toMatch(
      /mail\.json\.lock: another `serialpress mail` is sending/,
    );
    expect(smtp.received).toHaveLength(3);
    expect(existsSync(join(dir, "posts/mail.json.lock"))).toBe(false);
  });

  test("a crash between send and record leaves the part in doubt: later runs stop, naming it, until --resend or --mark-sent", async () => {
    smtp = await startSmtp();
    await expect(
      mail({
        afterSend: (p) => {
          if (p.number === 2) throw new Error("killed");
        },
      }),
    ).rejects.toThrow("killed");
    expect(smtp.received).toHaveLength(2);
    expect(Object.values((await record()).parts).map((p) => p.state)).toEqual(["sent", "sending"]);
    const messageId = editionMessageId(part(2), SITE);
    await expect(mail()).rejects.toThrow(
      `part 2 ("Introduction", Message-ID ${messageId}) was handed to the mail server at`,
    );
    await expect(mail()).rejects.toThrow(
      "`serialpress mail --mark-sent N` if it arrived or `serialpress mail --resend N` if it did not. Nothing was sent.",
    );
    expect(smtp.received).toHaveLength(2);
    // The editor finds it did not arrive: resend it, then the run goes on with part 3.
    expect(await mail({ resend: 2 })).toEqual({ sent: [2] });
    expect((await parsed(2)).messageId).toBe(messageId);
    expect(await mail()).toEqual({ sent: [3] });
    expect(smtp.received).toHaveLength(4);
  });

  test("--mark-sent records an in-doubt part as sent without sending it", async () => {
    smtp = await startSmtp();
    await expect(mail({ afterSend: () => Promise.reject(new Error("killed")) })).rejects.toThrow(
      "killed",
    );
    expect(await mail({ markSent: 1 })).toEqual({ sent: [] });
    expect((await record()).parts[part(1).id]).toMatchObject({ state: "sent", how: "mark-sent" });
    expect(await mail()).toEqual({ sent: [2, 3] });
    expect(smtp.received).toHaveLength(3);
  });

  test("an SMTP server that cannot be reached: a clear error, and nothing is marked sent", async () => {
    const port = await freePort();
    await expect(mail({ env: { SMTP_URL: `smtp://127.0.0.1:${port}` } })).rejects.toThrow(
      /^part 1 was not sent: the mail server could not be used \(ESOCKET: connect ECONNREFUSED 127\.0\.0\.1:\d+\)\. It stays unsent; the next run tries again\.$/,
    );
    expect((await record()).parts).toEqual({});
  });

  test("a server that refuses one part (550): earlier parts are recorded, that one is not", async () => {
    smtp = await startSmtp({
      refuse: (m) =>
        m.raw.includes("Part 2 of 10")
          ? { code: 550, message: "Message rejected by policy" }
          : undefined,
    });
    await expect(mail()).rejects.toThrow(
      "part 2 was not sent: the mail server answered 550 Message rejected by policy. It stays unsent; the next run tries again. Parts sent before it: 1.",
    );
    expect(Object.keys((await record()).parts)).toEqual([part(1).id]);
  });

  test("--dry-run lists and --preview writes the message; neither sends nor records", async () => {
    smtp = await startSmtp();
    const lines: string[] = [];
    expect(await mail({ dryRun: true, print: (l) => lines.push(l) })).toEqual({ sent: [1, 2, 3] });
    expect(lines).toEqual([
      `would send part 1 ("Summary") to ${LIST}\nwould send part 2 ("Introduction") to ${LIST}\nwould send part 3 ("Method") to ${LIST}`,
    ]);
    const { preview } = await mail({ preview: 3, out: dir });
    const eml = await simpleParser(await readFile(preview!));
    expect([eml.subject, eml.messageId]).toEqual([
      "[Learning Together] Part 3 of 10: Method",
      editionMessageId(part(3), SITE),
    ]);
    expect(smtp.received).toHaveLength(0);
    expect(existsSync(join(dir, "posts/mail.json"))).toBe(false);
  });

  test("the edition of a series under a base links its contents page and images under that base", async () => {
    await rm(join(dir, "posts"), { recursive: true });
    await runSplit({
      report: SAMPLE,
      out: join(dir, "posts"),
      settings: { base: "/reports/learning-together/" },
      print: () => {},
      warn: () => {},
    });
    const { preview } = await mail({ preview: 2, out: dir });
    const html = String((await simpleParser(await readFile(preview!))).html);
    expect(html).toContain(
      'href="https://learning-together.example.org/reports/learning-together/contents/"',
    );
    expect(html).toContain(
      'src="https://learning-together.example.org/reports/learning-together/media/images/cop-cycle.svg"',
    );
    expect(html).not.toMatch(/learning-together\.example\.org\/(?:contents|media)\//);
  });

  test("without SMTP_URL or a mail block: errors that say what to write", async () => {
    await expect(mail({ env: {} })).rejects.toThrow(
      /^SMTP_URL is not set: give the mail server as smtps:\/\/user:password@smtp\.example\.org:465/,
    );
    await writeFile(join(dir, "site.json"), await readFile(join(ROOT, "_data/site.json"), "utf8"));
    await expect(mail()).rejects.toThrow(
      /site\.json: no "mail" settings; add e\.g\. "mail": \{ "to": \["list@example\.org"\]/,
    );
  });
});

const withInbox = HAVE_PUBLIC_INBOX ? describe : describe.skip;
withInbox("the email edition and the discussion loop", () => {
  test("the sent part and a reader's reply reach a real public-inbox; the reply shows under its section", async () => {
    // A list that takes HTML mail (Mailman's default), archived whole by public-inbox.
    const inbox = await startInbox(LIST, { mirror: true });
    try {
      // The list: whatever the SMTP server accepts is delivered to the archive.
      smtp = await startSmtp({ onMessage: (m) => inbox.deliver(m.raw) });
      const site = await makeSite({
        comments: { channel: "mailto", address: LIST, archive: inbox.url },
        mail: MAIL,
      });
      await cp(join(dir, "posts"), site.posts, { recursive: true });
      await runMail({
        posts: site.posts,
        site: join(site.dir, "_data/site.json"),
        now: AFTER_PART_3,
        env: { SMTP_URL: smtp.url },
        print: () => {},
      });
      const edition = await parsed(2);
      // A reader clicks "Comment on this section" under Interviews: the link's fields become the reply.
      const link = new URL(
        (edition.html as string)
          .match(/href="(mailto:[^"]*%23interviews[^"]*)"/)![1]!
          .replace(/&amp;/g, "&"),
      );
      const reply = [
        "From: Ana Reader <ana@example.net>",
        `To: ${link.pathname}`,
        `Subject: ${link.searchParams.get("subject")}`,
        "Message-ID: <reply-1@example.net>",
        `In-Reply-To: ${link.searchParams.get("In-Reply-To")}`,
        `References: ${link.searchParams.get("In-Reply-To")}`,
        "Date: Wed, 21 Oct 2026 10:00:00 +0000",
        "Content-Type: text/plain; charset=utf-8",
        "",
        `${link.searchParams.get("body")}Seventy-four interviews is fewer than I expected.`,
        "",
      ].join("\n");
      await inbox.deliver(reply);
      // And a plain "Reply" to the part's message, quoting all of it: a comment on the whole part.
      await inbox.deliver(
        [
          "From: Bob Builder <bob@example.net>",
          `To: ${LIST}`,
          "Subject: Re: [Learning Together] Part 3 of 10: Method",
          "Message-ID: <reply-2@example.net>",
          `In-Reply-To: ${edition.messageId}`,
          `References: ${edition.messageId}`,
          "Date: Wed, 21 Oct 2026 11:00:00 +0000",
          "Content-Type: text/plain; charset=utf-8",
          "",
          "A good part overall.",
          "",
          "On Tue, 20 Oct 2026, Learning Together wrote:",
          ...edition.text!.split("\n").map((l) => `> ${l}`),
          "",
        ].join("\n"),
      );
      const fetched = await runDiscussionFetch({
        posts: site.posts,
        site: join(site.dir, "_data/site.json"),
        now: new Date("2026-10-22T00:00:00Z"),
        print: () => {},
        warn: () => {},
      });
      // The three editions in the archive are parts, not comments.
      expect(fetched).toMatchObject({ ok: true, added: 2, total: 2 });
      const snapshot = JSON.parse(await readFile(join(site.posts, "discussion.json"), "utf8"));
      expect(
        snapshot.comments.map((c: { id: string; key: string; body: string }) => [
          c.id,
          c.key,
          c.body,
        ]),
      ).toEqual([
        [
          "mail:reply-1@example.net",
          "interviews",
          "Seventy-four interviews is fewer than I expected.",
        ],
        ["mail:reply-2@example.net", "part:method", "A good part overall."],
      ]);
      await build(site, "2026-10-22T00:00:00Z");
      const page = await readFile(join(site.out, "posts/method/index.html"), "utf8");
      const interviews = page.slice(page.indexOf('id="discussion-interviews"'));
      expect(interviews).toContain("<p>Seventy-four interviews is fewer than I expected.</p>");
      expect(page.slice(page.indexOf('id="discussion-part"'))).toContain(
        "<p>A good part overall.</p>",
      );
    } finally {
      await inbox.close();
    }
  });

  test('"format": "text" sends plain text only, which an archive that refuses HTML (public-inbox\'s default) takes', async () => {
    const inbox = await startInbox(LIST);
    try {
      const refusals: string[] = [];
      smtp = await startSmtp({
        onMessage: (m) =>
          inbox.deliver(m.raw).catch((e: Error) => {
            refusals.push(e.message);
            throw e;
          }),
      });
      const settings = JSON.parse(await readFile(join(dir, "site.json"), "utf8"));
      await writeFile(
        join(dir, "site.json"),
        JSON.stringify({ ...settings, mail: { ...MAIL, format: "text" } }),
      );
      expect(await mail({ now: AFTER_PART_3 })).toEqual({ sent: [1, 2, 3] });
      expect(refusals).toEqual([]);
      const m = await parsed(0);
      expect((m.headers.get("content-type") as { value: string }).value).toBe("text/plain");
      expect(m.html).toBe(false);
      const archived = await fetch(
        `${inbox.url}${encodeURIComponent(m.messageId!.slice(1, -1))}/raw`,
      );
      expect(archived.status).toBe(200);
    } finally {
      await inbox.close();
    }
  });
});
