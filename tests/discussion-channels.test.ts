import { afterEach, beforeAll, describe, expect, test } from "@jest/globals";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validate } from "@octokit/graphql-schema";
import { runDiscussionFetch } from "../src/commands/discussion.js";
import { CATEGORY_QUERY, DISCUSSIONS_QUERY } from "../src/discussion/github.js";
import type { DiscussionSnapshot } from "../src/discussion/types.js";
import { startServer, type TestServer } from "./helpers/http.js";
import { ROOT } from "./helpers/paths.js";

// Issue 13: GitHub Discussions and Discourse, each answered by a local server
// with responses of the shape their documentation gives.
const SITE = "https://learning-together.example.org";
const about = (path: string) =>
  `<p>About <a href="${SITE}${path}">${SITE}${path}</a><br>\n[Learning Together] Part 3: Method – Interviews</p>\n`;

let dir: string;
let server: TestServer | undefined;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "serialpress-channels-"));
  await cp(join(ROOT, "posts"), join(dir, "posts"), { recursive: true });
  await rm(join(dir, "posts", "discussion.json"), { force: true });
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function fetchWith(
  comments: Record<string, unknown>,
  o: { timeout?: number; env?: NodeJS.ProcessEnv } = {},
) {
  const settings = JSON.parse(await readFile(join(ROOT, "_data/site.json"), "utf8"));
  const siteFile = join(dir, "site.json");
  await writeFile(siteFile, JSON.stringify({ ...settings, comments }));
  const snapshotFile = join(dir, `snapshot-${Math.random().toString(36).slice(2)}.json`);
  const warnings: string[] = [];
  const report = await runDiscussionFetch({
    posts: join(dir, "posts"),
    site: siteFile,
    snapshot: snapshotFile,
    now: new Date("2026-11-01T00:00:00Z"),
    env: { GITHUB_TOKEN: "test-token", ...o.env },
    timeout: o.timeout,
    print: () => {},
    warn: (w) => warnings.push(w),
  });
  const snapshot: DiscussionSnapshot = JSON.parse(await readFile(snapshotFile, "utf8"));
  return { report, snapshot, warnings };
}

describe("GitHub Discussions through the GraphQL API", () => {
  test("serialpress's queries are valid against GitHub's published schema", () => {
    expect(validate(CATEGORY_QUERY)).toEqual([]);
    expect(validate(DISCUSSIONS_QUERY)).toEqual([]);
  });

  const post = (
    id: string,
    login: string | null,
    createdAt: string,
    bodyHTML: string,
    extra = {},
  ) => ({
    id,
    url: `https://github.com/octo-org/serial/discussions/7#${id}`,
    bodyHTML,
    createdAt,
    isMinimized: false,
    author: login ? { login } : null,
    ...extra,
  });
  const discussion = {
    id: "D_1",
    url: "https://github.com/octo-org/serial/discussions/7",
    title: "Interviews",
    body: `About ${SITE}/posts/method/#interviews\n[Learning Together] Part 3: Method – Interviews\n\nWhy 74?`,
    bodyHTML: `${about("/posts/method/#interviews")}<p>Why 74?</p>`,
    createdAt: "2026-10-21T08:00:00Z",
    updatedAt: "2026-10-22T08:00:00Z",
    author: { login: "ana" },
    comments: {
      nodes: [
        {
          ...post("DC_1", "bob", "2026-10-21T09:00:00Z", "<p>Saturation, mostly.</p>"),
          replies: {
            nodes: [
              post("DC_2", null, "2026-10-21T10:00:00Z", "<p>From a deleted account.</p>"),
              post("DC_3", "spammer", "2026-10-21T11:00:00Z", "<p>Buy now</p>", {
                isMinimized: true,
              }),
            ],
          },
        },
      ],
    },
  };
  const unrelated = {
    ...discussion,
    id: "D_2",
    title: "Release notes",
    body: "Nothing about the report.",
    bodyHTML: "<p>Nothing</p>",
    comments: { nodes: [] },
  };

  test("a discussion about a section becomes its thread: opener, comments and replies one level down", async () => {
    server = await startServer((req) => {
      const { query, variables } = JSON.parse(req.body);
      if (query.includes("SerialpressCategory")) {
        expect(variables).toEqual({ owner: "octo-org", name: "serial", slug: "q-a" });
        return { json: { data: { repository: { discussionCategory: { id: "DIC_9" } } } } };
      }
      expect(variables.category).toBe("DIC_9");
      return variables.after
        ? {
            json: {
              data: {
                repository: {
                  discussions: {
                    pageInfo: { hasNextPage: false, endCursor: null },
                    nodes: [unrelated],
                  },
                },
              },
            },
          }
        : {
            json: {
              data: {
                repository: {
                  discussions: {
                    pageInfo: { hasNextPage: true, endCursor: "c1" },
                    nodes: [discussion],
                  },
                },
              },
            },
          };
    });
    const { report, snapshot, warnings } = await fetchWith({
      channel: "github-discussions",
      repo: "octo-org/serial",
      category: "q-a",
      server: server.url,
    });
    expect(warnings).toEqual([]);
    expect(report).toMatchObject({ channel: "github-discussions", ok: true, added: 3 });
    expect(server.requests.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([
      ["POST", "/api/graphql", "token test-token"],
      ["POST", "/api/graphql", "token test-token"],
      ["POST", "/api/graphql", "token test-token"],
    ]);
    expect(snapshot.comments.map((c) => [c.id, c.key, c.parent ?? null, c.author, c.body])).toEqual(
      [
        ["github:D_1", "interviews", null, "ana", "<p>Why 74?</p>"],
        ["github:DC_1", "interviews", "github:D_1", "bob", "<p>Saturation, mostly.</p>"],
        ["github:DC_2", "interviews", "github:D_1", "ghost", "<p>From a deleted account.</p>"],
      ],
    );
  });

  test("rate-limited: the comments are kept and the warning names the channel", async () => {
    server = await startServer(() => ({
      status: 403,
      json: { message: "API rate limit exceeded" },
    }));
    const { report, warnings } = await fetchWith({
      channel: "github-discussions",
      repo: "octo-org/serial",
      category: "q-a",
      server: server.url,
    });
    expect(report).toMatchObject({ ok: false, added: 0 });
    expect(warnings).toEqual([
      "serialpress: warning: github-discussions (octo-org/serial): rate-limited or refused (HTTP 403); the comments fetched before are kept.",
    ]);
  });

  test("without GITHUB_TOKEN: a warning that says so, nothing fetched", async () => {
    const { report, warnings } = await fetchWith(
      {
        channel: "github-discussions",
        repo: "octo-org/serial",
        category: "q-a",
        server: "http://127.0.0.1:9",
      },
      { env: { GITHUB_TOKEN: "" } },
    );
    expect(report.ok).toBe(false);
    expect(warnings).toEqual([
      "serialpress: warning: github-discussions (octo-org/serial): GITHUB_TOKEN is not set (the GraphQL API needs a token); the comments fetched before are kept.",
    ]);
  });
});

describe("Discourse through its public JSON API", () => {
  const topic = {
    id: 11,
    slug: "interviews",
    title: "Interviews",
    post_stream: {
      stream: [101, 102, 103, 104, 105],
      posts: [
        {
          id: 101,
          name: "Ana Reader",
          username: "ana",
          created_at: "2026-10-21T08:00:00.000Z",
          cooked: `${about("/posts/method/#interviews")}<p>Why 74?</p>`,
          post_number: 1,
          post_type: 1,
        },
        {
          id: 102,
          name: "",
          username: "bob",
          created_at: "2026-10-21T09:00:00.000Z",
          cooked: "<p>Saturation.</p>",
          post_number: 2,
          post_type: 1,
        },
        {
          id: 103,
          name: "Mod",
          username: "mod",
          created_at: "2026-10-21T09:30:00.000Z",
          cooked: "",
          post_number: 3,
          post_type: 3,
        },
      ],
    },
  };
  const later = [
    {
      id: 104,
      name: "Hidden",
      username: "h",
      created_at: "2026-10-21T10:00:00.000Z",
      cooked: "<p>flagged</p>",
      post_number: 4,
      post_type: 1,
      hidden: true,
    },
    {
      id: 105,
      name: "Chen",
      username: "chen",
      created_at: "2026-10-22T10:00:00.000Z",
      cooked: '<p>Late <img src="https://x.example/p.png" alt="plot"></p>',
      post_number: 5,
      post_type: 1,
    },
  ];
  // A topic opened from the forum itself, titled like the section's comment subject.
  const byTitle = {
    id: 12,
    slug: "part-3-method",
    title: "[Learning Together] Part 3: Method",
    post_stream: {
      stream: [201],
      posts: [
        {
          id: 201,
          name: "Dana",
          username: "dana",
          created_at: "2026-10-23T08:00:00.000Z",
          cooked: "<p>On the whole part.</p>",
          post_number: 1,
          post_type: 1,
        },
      ],
    },
  };

  test("topics about sections become threads; hidden, deleted and small-action posts are left out", async () => {
    server = await startServer((req) => {
      if (req.url === "/c/serial.json?page=0")
        return {
          json: {
            topic_list: {
              topics: [
                {
                  id: 11,
                  slug: "interviews",
                  title: "Interviews",
                  bumped_at: "2026-10-22T10:00:00.000Z",
                },
                {
                  id: 12,
                  slug: "part-3-method",
                  title: byTitle.title,
                  bumped_at: "2026-10-23T08:00:00.000Z",
                },
                { id: 13, slug: "old", title: "Old", bumped_at: "2020-01-01T00:00:00.000Z" },
              ],
            },
          },
        };
      if (req.url === "/t/11.json") return { json: topic };
      if (req.url === "/t/11/posts.json?post_ids[]=104&post_ids[]=105")
        return { json: { post_stream: { posts: later } } };
      if (req.url === "/t/12.json") return { json: byTitle };
      return { status: 404, json: { errors: ["not found"] } };
    });
    const { report, snapshot, warnings } = await fetchWith({
      channel: "discourse",
      url: server.url,
      category: "serial",
    });
    expect(warnings).toEqual([]);
    expect(report).toMatchObject({ channel: "discourse", ok: true, added: 4 });
    // Topic 13 was not bumped since the series began: never read.
    expect(server.requests.map((r) => r.url)).toEqual([
      "/c/serial.json?page=0",
      "/t/11.json",
      "/t/11/posts.json?post_ids[]=104&post_ids[]=105",
      "/t/12.json",
    ]);
    expect(
      snapshot.comments.map((c) => [c.id, c.key, c.parent ?? null, c.author, c.url, c.body]),
    ).toEqual([
      [
        "discourse:101",
        "interviews",
        null,
        "Ana Reader",
        `${server.url}/t/interviews/11/1`,
        "<p>Why 74?</p>",
      ],
      [
        "discourse:102",
        "interviews",
        "discourse:101",
        "bob",
        `${server.url}/t/interviews/11/2`,
        "<p>Saturation.</p>",
      ],
      [
        "discourse:105",
        "interviews",
        "discourse:101",
        "Chen",
        `${server.url}/t/interviews/11/5`,
        '<p>Late <img src="https://x.example/p.png" alt="plot"></p>',
      ],
      [
        "discourse:201",
        "part:method",
        null,
        "Dana",
        `${server.url}/t/part-3-method/12/1`,
        "<p>On the whole part.</p>",
      ],
    ]);
  });

  test("a forum that does not answer in time keeps the comments and warns", async () => {
    server = await startServer(() => undefined); // never answers
    const { report, warnings } = await fetchWith(
      { channel: "discourse", url: server.url },
      { timeout: 1 },
    );
    expect(report).toMatchObject({ ok: false, added: 0 });
    expect(warnings).toEqual([
      `serialpress: warning: discourse (${server.url}): no answer in time; the comments fetched before are kept.`,
    ]);
  });

  test("rate-limited (HTTP 429): a warning naming the forum", async () => {
    server = await startServer(() => ({ status: 429, json: { errors: ["slow down"] } }));
    const { warnings } = await fetchWith({ channel: "discourse", url: server.url });
    expect(warnings).toEqual([
      `serialpress: warning: discourse (${server.url}): rate-limited or refused (HTTP 429); the comments fetched before are kept.`,
    ]);
  });
});
