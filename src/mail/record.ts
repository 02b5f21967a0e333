/**
 * The send record of the email edition (`posts/mail.json`): for each part
 * sent, or being sent, its Message-ID, recipients and time. It is written
 * atomically before a part is handed to the SMTP server ("sending") and
 * again once the server accepted it ("sent"), so a crash in between leaves
 * the part marked in doubt, never silently unsent or sent twice.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, open, rm } from "node:fs/promises";
import writeFileAtomic from "write-file-atomic";
import { dirname } from "node:path";
import { ConflictError, InputError } from "../errors.js";

/** File name of the send record, next to serial.lock.json. */
export const RECORD_FILE = "mail.json";

/** One part's state in the record. */
export interface SentPart {
  /** `sending`: handed to SMTP, acceptance not recorded (in doubt after a crash); `sent`: accepted. */
  state: "sending" | "sent";
  /** RFC 5322 Message-ID with angle brackets. */
  messageId: string;
  /** Recipients the server accepted (`sent`) or that it was addressed to (`sending`). */
  to: string[];
  /** When the state was reached, ISO 8601 UTC. */
  at: string;
  /** How the state was reached when not by this run's SMTP send: `mark-sent` by the editor. */
  how?: "mark-sent";
}

/** The whole record, version 1; parts by part id. */
export interface SendRecord {
  version: 1;
  parts: Record<string, SentPart>;
}

/**
 * Reads the record, or an empty one when there is none.
 *
 * @throws InputError naming the file when it is not a version 1 record.
 */
export function readRecord(path: string): SendRecord {
  if (!existsSync(path)) return { version: 1, parts: {} };
  let data: SendRecord;
  try {
    data = JSON.parse(readFileSync(path, "utf8")) as SendRecord;
  } catch (cause) {
    throw new InputError(
      path,
      undefined,
      `the send record is not valid JSON (${(cause as Error).message}); restore it from version control. Without it serialpress cannot know which parts were mailed.`,
      { cause },
    );
  }
  if (data?.version !== 1 || typeof data.parts !== "object" || data.parts === null)
    throw new InputError(
      path,
      undefined,
      "not a send record of version 1; restore it from version control.",
    );
  return data;
}

/** Writes the record atomically (write-file-atomic: a temporary file, flushed, then renamed). */
export async function writeRecord(path: string, record: SendRecord): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`);
}

/**
 * Takes the record's run lock (`<record>.lock`, created exclusively), so two
 * `serialpress mail` runs never send at once.
 *
 * @returns a function that releases the lock.
 * @throws ConflictError when another run holds it (or a crashed run left it).
 */
export async function lockRecord(path: string, now: Date): Promise<() => Promise<void>> {
  const lock = `${path}.lock`;
  await mkdir(dirname(lock), { recursive: true });
  try {
    const handle = await open(lock, "wx");
    await handle.writeFile(`${process.pid} ${now.toISOString()}\n`);
    await handle.close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const holder = existsSync(lock) ? readFileSync(lock, "utf8").trim() : "";
    throw new ConflictError(
      `${lock}: another \`serialpress mail\` is sending (process and start: ${holder || "unknown"}). ` +
        "Wait for it to finish; if none is running (it crashed), check `serialpress mail --dry-run`, then delete this file.",
    );
  }
  return () => rm(lock, { force: true });
}
