import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";

/** One message the test SMTP server accepted: envelope and raw bytes. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: Buffer;
}

/** A real SMTP server (the `smtp-server` package) on 127.0.0.1, for a test. */
export interface TestSmtp {
  /** `smtp://127.0.0.1:<port>` for SMTP_URL. */
  url: string;
  received: ReceivedMail[];
  close(): Promise<void>;
}

/**
 * Starts an SMTP server that accepts every message (no TLS, no auth) and
 * records it; `onData` may answer with an SMTP error to refuse one, and
 * `onMessage` sees each accepted message (e.g. to deliver it to public-inbox).
 */
export async function startSmtp(
  hooks: {
    refuse?: (mail: ReceivedMail) => { code: number; message: string } | undefined;
    onMessage?: (mail: ReceivedMail) => Promise<void>;
  } = {},
): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const mail: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        };
        const refusal = hooks.refuse?.(mail);
        if (refusal) {
          const error = new Error(refusal.message) as Error & { responseCode: number };
          error.responseCode = refusal.code;
          callback(error);
          return;
        }
        received.push(mail);
        (hooks.onMessage?.(mail) ?? Promise.resolve()).then(
          () => callback(),
          (e: Error) => callback(e),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
