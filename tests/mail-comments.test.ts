import { describe, expect, test } from "@jest/globals";
import { mailComments } from "../src/discussion/public-inbox.js";
import { splitMbox } from "../src/discussion/mbox.js";
import { ThreadIndex } from "../src/discussion/threads.js";
import { commentHtml } from "../src/discussion/render.js";
import { LOCK } from "./helpers/discussion.js";

const index = new ThreadIndex(LOCK, "https://serial.example.org");
const ARCHIVE = "https://lists.example.org/serial";

describe("mail into comments (what public-inbox hands over)", () => {
  test("an HTML-only message is read as text: no script, handler or link survives as markup", async () => {
    const raw = [
      "From: Mallory <m@example.net>",
      "Subject: [Learning Together] Part 2: Method – Interviews",
      "Message-ID: <h1@example.net>",
      "Date: Wed, 21 Oct 2026 10:00:00 +0000",
      "MIME-Version: 1.0",
      "Content-Type: text/html; charset=utf-8",
      "",
      '<p onmouseover="steal()">Look <script>alert(1)</script><a href="javascript:alert(2)">here</a></p>',
    ].join("\n");
    const [c] = await mailComments([Buffer.from(raw, "utf8")], index, new Map(), ARCHIVE);
    expect(c).toMatchObject({
      id: "mail:h1@example.net",
      key: "interviews",
      part: "method",
      author: "Mallory",
    });
    // mailparser's html-to-text writes a link's address after its text: here only text.
    expect(commentHtml(c!)).toBe("<p>Look here [javascript:alert(2)]</p>");
    expect(c!.url).toBe("https://lists.example.org/serial/h1@example.net/");
  });

  test("a body in the wrong charset (Latin-1 bytes declared UTF-8) is kept, not dropped", async () => {
    const raw =
      "From: Zoe <z@example.net>\nSubject: Re: [Learning Together] Part 2: Method\nMessage-ID: <w1@example.net>\nDate: Wed, 21 Oct 2026 10:00:00 +0000\nContent-Type: text/plain; charset=utf-8\n\nCaf\xe9 au lait";
    const [c] = await mailComments([Buffer.from(raw, "latin1")], index, new Map(), ARCHIVE);
    expect(c).toMatchObject({ key: "part:method", body: "Caf\ufffd au lait" });
  });

  test("a sender without a display name is Anonymous, never the address", async () => {
    const raw =
      "From: someone@example.net\nSubject: [Learning Together] Part 1: Summary\nMessage-ID: <a1@example.net>\nDate: Wed, 21 Oct 2026 10:00:00 +0000\n\nHello.";
    const [c] = await mailComments([Buffer.from(raw, "utf8")], index, new Map(), ARCHIVE);
    expect(c).toMatchObject({ key: "part:summary", author: "Anonymous", body: "Hello." });
  });

  test("a reply to a comment fetched earlier joins its thread, under the thread's first comment", async () => {
    const raw =
      "From: Bo <b@example.net>\nSubject: Re: something else\nMessage-ID: <r2@example.net>\nIn-Reply-To: <r1@example.net>\nReferences: <r0@example.net> <r1@example.net>\nDate: Wed, 21 Oct 2026 10:00:00 +0000\n\nMe too.";
    const known = new Map([
      [
        "mail:r1@example.net",
        {
          id: "mail:r1@example.net",
          source: "public-inbox" as const,
          key: "interviews",
          part: "method",
          parent: "mail:r0@example.net",
          author: "A",
          date: "",
          url: "",
          format: "text" as const,
          body: "",
        },
      ],
    ]);
    const [c] = await mailComments([Buffer.from(raw, "utf8")], index, known, ARCHIVE);
    expect(c).toMatchObject({ key: "interviews", parent: "mail:r0@example.net" });
  });

  test("mboxrd: messages split at From lines, >From lines unescaped one level", () => {
    expect(
      splitMbox(
        "From a@b Thu Jan  1 00:00:00 1970\nSubject: 1\n\n>From here\n>>From there\n\nFrom c@d Thu Jan  1 00:00:00 1970\nSubject: 2\n\nx\n",
      ),
    ).toEqual(["Subject: 1\n\nFrom here\n>From there", "Subject: 2\n\nx"]);
  });
});
