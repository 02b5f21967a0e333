import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

/** One request the test server received. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A local HTTP server on 127.0.0.1 that answers with a test's handler and records each request. */
export interface TestServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** Starts a server; `handle` answers each request (status, JSON body) or writes the response itself. */
export async function startServer(
  handle: (req: SeenRequest, res: ServerResponse) => { status?: number; json?: unknown } | void,
): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      const seen = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
      requests.push(seen);
      const answer = handle(seen, res);
      if (!answer) return;
      res.writeHead(answer.status ?? 200, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(answer.json ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
