import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import nodemailer, { type SendMailOptions, type Transporter } from "nodemailer";
import { SerialpressError, SettingError } from "../errors.js";
import { editionMessage, editionMessageId } from "../mail/message.js";
import {
  lockRecord,
  readRecord,
  RECORD_FILE,
  writeRecord,
  type SendRecord,
} from "../mail/record.js";
import { requireLock, type LockedPart } from "../posts/lock.js";
import { currentTime, isReleased } from "../schedule/gate.js";
import { loadSiteSettings } from "../site/settings.js";

/** The email edition could not do what was asked; the message says what to do. */
export class MailError extends SerialpressError {}

/** Options of `serialpress mail`, as the CLI passes them. */
export interface MailCommandOptions {
  /** Folder of the posts, serial.lock.json and mail.json. */
  posts: string;
  /** Site settings file (its `mail` block). */
  site: string;
  /** List what would go out; send nothing, write nothing. */
  dryRun?: boolean;
  /** Write part N's message as `<out>/part-N.eml` instead of sending. */
  preview?: number;
  /** Folder for `--preview` (default: the current folder). */
  out?: string;
  /** Send part N again, though the record says it was sent (or is in doubt). */
  resend?: number;
  /** Record part N as sent without sending (after checking that an in-doubt send arrived). */
  markSent?: number;
  /** The instant the release gate is judged at (default SERIAL_NOW or the clock). */
  now?: Date;
  /** Environment (`SMTP_URL`, `SITE_URL`); default process.env. */
  env?: NodeJS.ProcessEnv;
  print?: (line: string) => void;
  /** Test hook: runs after the SMTP server accepted a part, before it is recorded (a crash there). */
  afterSend?: (part: LockedPart) => void | Promise<void>;
}

/** What a run did. */
export interface MailResult {
  /** Parts sent (or, with `dryRun`, that would be), by number. */
  sent: number[];
  /** The `.eml` written by `--preview`. */
  preview?: string;
}

/** nodemailer error codes after which the message surely did not go out: no session, or refused. */
const NOT_SENT = new Set(["ECONNECTION", "EAUTH", "EDNS", "EENVELOPE", "ETLS", "ECONFIG"]);
/**
 * SMTP commands before the message's content (RFC 5321 §3.3): an error
 * during any of them means the server never had the message. An error in
 * DATA, after the content went out, may come after the server took it.
 */
const BEFORE_CONTENT = /^(?:CONN|EHLO|HELO|LHLO|STARTTLS|AUTH\b.*|MAIL FROM|RCPT TO)$/;

/**
 * `serialpress mail`: sends each part whose release date has come and that
 * the record does not list, in release order, to `mail.to` over SMTP
 * (`SMTP_URL`), and records it.
 *
 * Guarantee: at most once, never a silent skip. A part is recorded as
 * `sending` (atomically) before it is handed to the server and as `sent`
 * once the server accepted it; a run holds a lock file meanwhile. A server
 * that refuses, or cannot be reached, leaves the part unrecorded, so the
 * next run sends it; a run that dies after handing the part over leaves it
 * `sending`, and every later run stops, naming it, until the editor checks
 * the list and says `--mark-sent N` (it arrived) or `--resend N` (it did not).
 *
 * @throws MailError naming the part and what to do (SMTP failure, a part in
 *   doubt, a missing `mail` block or `SMTP_URL`); ConflictError when another
 *   run holds the lock.
 */
export async function runMail(o: MailCommandOptions): Promise<MailResult> {
  const print = o.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const env = o.env ?? process.env;
  const site = loadSiteSettings(o.site, env);
  const mail = site.mail;
  if (!mail)
    throw new SettingError(
      `${o.site}: no "mail" settings; add e.g. "mail": { "to": ["list@example.org"], "from": "Series <editor@example.org>" }. See "Email edition" in README.md.`,
    );
  const lock = await requireLock(o.posts);
  const now = o.now ?? currentTime(env);
  const recordPath = join(o.posts, RECORD_FILE);
  const byNumber = (n: number) => {
    const part = lock.parts.find((p) => p.number === n);
    if (!part)
      throw new MailError(`there is no part ${n}; the series has parts 1 to ${lock.parts.length}.`);
    return part;
  };
  const message = (part: LockedPart) =>
    editionMessage({ part, lock, site, mail, postsDir: o.posts, now });

  if (o.preview !== undefined) {
    const part = byNumber(o.preview);
    const eml = await render(await message(part));
    const dir = o.out ?? ".";
    await mkdir(dir, { recursive: true });
    const file = join(dir, `part-${part.number}.eml`);
    await writeFile(file, eml);
    print(`Wrote ${file}: "${part.title}" as it would go to ${mail.to.join(", ")} (nothing sent).`);
    return { sent: [], preview: file };
  }

  const record = readRecord(recordPath);
  const doubt = lock.parts.filter(
    (p) =>
      record.parts[p.id]?.state === "sending" && p.number !== o.resend && p.number !== o.markSent,
  );
  if (doubt.length)
    throw new MailError(
      doubt
        .map((p) => {
          const r = record.parts[p.id]!;
          return `part ${p.number} ("${p.title}", Message-ID ${r.messageId}) was handed to the mail server at ${r.at}, but its acceptance was never recorded (the run stopped).`;
        })
        .join("\n") +
        `\nCheck the list or its archive for that Message-ID, then run \`serialpress mail --mark-sent N\` if it arrived or \`serialpress mail --resend N\` if it did not. Nothing was sent.`,
    );

  if (o.markSent !== undefined) {
    const part = byNumber(o.markSent);
    const release = await lockRecord(recordPath, now);
    try {
      const fresh = readRecord(recordPath);
      fresh.parts[part.id] = {
        state: "sent",
        messageId: editionMessageId(part, site.url),
        to: mail.to,
        at: now.toISOString(),
        how: "mark-sent",
      };
      await writeRecord(recordPath, fresh);
    } finally {
      await release();
    }
    print(`Recorded part ${part.number} as sent; nothing was sent.`);
    return { sent: [] };
  }

  const due =
    o.resend !== undefined
      ? [byNumber(o.resend)]
      : lock.parts
          .filter((p) => isReleased(p.date, now) && !p.withdrawn && !record.parts[p.id])
          .sort((a, b) => Date.parse(a.date) - Date.parse(b.date) || a.number - b.number);
  if (o.resend !== undefined && !isReleased(due[0]!.date, now))
    throw new MailError(
      `part ${o.resend} is not released yet (${due[0]!.date}); nothing was sent.`,
    );
  if (o.dryRun) {
    print(
      due.length
        ? due
            .map((p) => `would send part ${p.number} ("${p.title}") to ${mail.to.join(", ")}`)
            .join("\n")
        : "Nothing to send: every released part is in the send record.",
    );
    return { sent: due.map((p) => p.number) };
  }
  if (due.length === 0) {
    print("Nothing to send: every released part is in the send record.");
    return { sent: [] };
  }
  const smtp = env.SMTP_URL?.trim();
  if (!smtp)
    throw new MailError(
      "SMTP_URL is not set: give the mail server as smtps://user:password@smtp.example.org:465 (or smtp://… for STARTTLS) in the environment, e.g. a GitHub Actions secret. Nothing was sent.",
    );
  const transport = nodemailer.createTransport(smtp);
  const release = await lockRecord(recordPath, now);
  const sent: number[] = [];
  try {
    for (const part of due) {
      const options = await message(part);
      const fresh: SendRecord = readRecord(recordPath);
      const before = fresh.parts[part.id];
      fresh.parts[part.id] = {
        state: "sending",
        messageId: String(options.messageId),
        to: mail.to,
        at: new Date().toISOString(),
      };
      await writeRecord(recordPath, fresh);
      let accepted: string[];
      try {
        accepted = await send(transport, options);
      } catch (error) {
        const e = error as Error & {
          code?: string;
          command?: string;
          responseCode?: number;
          response?: string;
        };
        const refused =
          e.responseCode !== undefined ||
          NOT_SENT.has(e.code ?? "") ||
          BEFORE_CONTENT.test(e.command ?? "");
        if (refused) {
          if (before) fresh.parts[part.id] = before;
          else delete fresh.parts[part.id];
          await writeRecord(recordPath, fresh);
        }
        const sentSoFar = sent.length ? ` Parts sent before it: ${sent.join(", ")}.` : "";
        throw new MailError(
          refused
            ? `part ${part.number} was not sent: the mail server ${e.responseCode ? `answered ${e.response ?? e.responseCode}` : `could not be used (${e.code}: ${e.message})`}. It stays unsent; the next run tries again.${sentSoFar}`
            : `part ${part.number}: the connection failed after the message was handed over (${e.code ?? e.name}: ${e.message}); it may have gone out. Check the list for Message-ID ${String(options.messageId)}, then run \`serialpress mail --mark-sent ${part.number}\` or \`--resend ${part.number}\`.${sentSoFar}`,
          { cause: error },
        );
      }
      await o.afterSend?.(part);
      fresh.parts[part.id] = {
        state: "sent",
        messageId: String(options.messageId),
        to: accepted,
        at: new Date().toISOString(),
      };
      await writeRecord(recordPath, fresh);
      sent.push(part.number);
      print(
        `Sent part ${part.number} ("${part.title}") to ${accepted.join(", ")}, Message-ID ${String(options.messageId)}.`,
      );
    }
  } finally {
    transport.close();
    await release();
  }
  return { sent };
}

/** Sends one message; the addresses the server accepted. */
async function send(transport: Transporter, options: SendMailOptions): Promise<string[]> {
  const info = await transport.sendMail(options);
  return (info.accepted as (string | { address: string })[]).map((a) =>
    typeof a === "string" ? a : a.address,
  );
}

/** The message's bytes as they would be sent (nodemailer's stream transport). */
async function render(options: SendMailOptions): Promise<Buffer> {
  const info = await nodemailer
    .createTransport({ streamTransport: true, buffer: true })
    .sendMail(options);
  return info.message as Buffer;
}
