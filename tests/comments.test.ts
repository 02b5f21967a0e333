import { describe, expect, test } from "@jest/globals";
import {
  commentSubject,
  commentUrl,
  encodeQueryValue,
  MAX_COMMENT_URL_LENGTH,
  targetUrl,
  threadBody,
  type CommentTarget,
} from "../src/comments/links.js";
import { assembleUrl, cutEncoded, encodeForPosition, ELLIPSIS } from "../src/comments/encode.js";
import { parseTemplate } from "../src/comments/template.js";

const section: CommentTarget = {
  series: "Learning Together",
  partNumber: 2,
  partTitle: "Results & next steps",
  sectionTitle: "C# & F# notes",
  url: "https://example.org/posts/results/#c--f-notes",
  id: "c--f-notes",
};
const part: CommentTarget = {
  ...section,
  sectionTitle: undefined,
  url: "https://example.org/posts/results/",
  id: "part:results",
};
// The body every channel but mailto prefills for `section`, percent-encoded.
const SECTION_BODY =
  "About%20https%3A%2F%2Fexample.org%2Fposts%2Fresults%2F%23c--f-notes%0A" +
  "%5BLearning%20Together%5D%20Part%202%3A%20Results%20%26%20next%20steps%20%E2%80%93%20C%23%20%26%20F%23%20notes%0A%0A";

describe("comment links (mailto, RFC 6068)", () => {
  test("a subject is percent-encoded with %20 for spaces, never +", () => {
    expect(encodeQueryValue("Re: Part 2 – Results & Next Steps + C#")).toBe(
      "Re%3A%20Part%202%20%E2%80%93%20Results%20%26%20Next%20Steps%20%2B%20C%23",
    );
  });

  test("characters encodeURIComponent leaves alone are encoded too", () => {
    expect(encodeQueryValue("it's (really) done!*")).toBe("it%27s%20%28really%29%20done%21%2A");
  });

  test("the subject names series, part and section", () => {
    expect(
      commentSubject({
        ...section,
        partNumber: 4,
        partTitle: "Findings",
        sectionTitle: "What members value",
      }),
    ).toBe("[Learning Together] Part 4: Findings – What members value");
    expect(
      commentSubject({
        ...section,
        series: "S",
        partNumber: 1,
        partTitle: "Summary",
        sectionTitle: "Summary",
      }),
    ).toBe("[S] Part 1: Summary");
  });

  test("a section link is the exact mailto URL", () => {
    expect(commentUrl({ channel: "mailto", address: "list@example.org" }, section)).toBe(
      "mailto:list@example.org?subject=%5BLearning%20Together%5D%20Part%202%3A%20Results%20%26%20next%20steps%20%E2%80%93%20C%23%20%26%20F%23%20notes" +
        "&body=About%20https%3A%2F%2Fexample.org%2Fposts%2Fresults%2F%23c--f-notes%0A%0A",
    );
  });
});

describe("the URL a comment is about", () => {
  test("is ASCII: a non-Latin permalink and section id are percent-encoded once", () => {
    expect(targetUrl("https://example.org", "/posts/لماذا/", "لماذا-تساهم")).toBe(
      "https://example.org/posts/%D9%84%D9%85%D8%A7%D8%B0%D8%A7/#%D9%84%D9%85%D8%A7%D8%B0%D8%A7-%D8%AA%D8%B3%D8%A7%D9%87%D9%85",
    );
    expect(targetUrl("https://example.org", "/posts/results/")).toBe(
      "https://example.org/posts/results/",
    );
  });
});

describe("comment links (GitHub, Discourse)", () => {
  test("a GitHub new-issue link has the section as title, the body intact and the labels", () => {
    const url = commentUrl(
      { channel: "github-issues", repo: "octo-org/octo-repo", labels: ["feedback", "part 2"] },
      section,
    );
    expect(url).toBe(
      "https://github.com/octo-org/octo-repo/issues/new?title=C%23%20%26%20F%23%20notes" +
        `&body=${SECTION_BODY}&labels=feedback,part%202`,
    );
    const query = new URL(url).searchParams;
    expect(query.get("title")).toBe("C# & F# notes");
    expect(query.get("body")).toBe(threadBody(section));
    expect(query.get("body")).toBe(
      "About https://example.org/posts/results/#c--f-notes\n[Learning Together] Part 2: Results & next steps – C# & F# notes\n\n",
    );
  });

  test("a GitHub new-discussion link for a whole part names its category and the part", () => {
    expect(
      commentUrl(
        { channel: "github-discussions", repo: "octo-org/octo-repo", category: "q-a" },
        part,
      ),
    ).toBe(
      "https://github.com/octo-org/octo-repo/discussions/new?category=q-a&title=Part%202%3A%20Results%20%26%20next%20steps" +
        "&body=About%20https%3A%2F%2Fexample.org%2Fposts%2Fresults%2F%0A%5BLearning%20Together%5D%20Part%202%3A%20Results%20%26%20next%20steps%0A%0A",
    );
  });

  test("a GitHub Enterprise server and labels go into a discussion link", () => {
    expect(
      commentUrl(
        {
          channel: "github-discussions",
          repo: "octo-org/octo-repo",
          category: "q-a",
          labels: ["reading group"],
          server: "https://git.example.org/",
        },
        section,
      ),
    ).toBe(
      "https://git.example.org/octo-org/octo-repo/discussions/new?category=q-a&title=C%23%20%26%20F%23%20notes" +
        `&body=${SECTION_BODY}&labels=reading%20group`,
    );
  });

  test("a Discourse new-topic link carries title, body, category and tags", () => {
    expect(
      commentUrl(
        {
          channel: "discourse",
          url: "https://forum.example.org/",
          category: "reports/learning",
          tags: ["serialpress", "part-2"],
        },
        section,
      ),
    ).toBe(
      "https://forum.example.org/new-topic?title=C%23%20%26%20F%23%20notes" +
        `&body=${SECTION_BODY}&category=reports%2Flearning&tags=serialpress,part-2`,
    );
  });
});

describe("comment links (URL template)", () => {
  test("each placeholder is encoded for its position: path, query or fragment", () => {
    const url = commentUrl(
      {
        channel: "url",
        template:
          "https://talk.example.org/t/{id}/{section}?title={title}&u={url}&p={part}#{section}",
      },
      { ...section, sectionTitle: "C# & F#/notes+1" },
    );
    expect(url).toBe(
      "https://talk.example.org/t/c--f-notes/C%23%20&%20F%23%2Fnotes+1" +
        "?title=%5BLearning%20Together%5D%20Part%202%3A%20Results%20%26%20next%20steps%20%E2%80%93%20C%23%20%26%20F%23%2Fnotes%2B1" +
        "&u=https%3A%2F%2Fexample.org%2Fposts%2Fresults%2F%23c--f-notes&p=2" +
        "#C%23%20&%20F%23/notes+1",
    );
  });

  test("the thread key of a whole part is its id with a part: prefix", () => {
    expect(commentUrl({ channel: "url", template: "https://talk.example.org/t/{id}" }, part)).toBe(
      "https://talk.example.org/t/part:results",
    );
  });

  test("encodeForPosition keeps only what each position allows", () => {
    const text = "a b&c=d+e;f/g?h#i:j@k";
    expect(encodeForPosition(text, "path")).toBe("a%20b&c=d+e%3Bf%2Fg%3Fh%23i:j@k");
    expect(encodeForPosition(text, "query")).toBe("a%20b%26c%3Dd%2Be%3Bf%2Fg%3Fh%23i%3Aj%40k");
    expect(encodeForPosition(text, "fragment")).toBe("a%20b&c=d+e;f/g?h%23i:j@k");
  });

  test("a bad template is refused naming the field and what is wrong", () => {
    const advice =
      "Use an absolute http(s) URL with placeholders {url}, {title}, {part}, {section}, {id} after the host.";
    expect(() => parseTemplate("https://talk.example.org/{topic}")).toThrow(
      `comments.template: has an unknown placeholder {topic} (got "https://talk.example.org/{topic}"). ${advice}`,
    );
    expect(() => parseTemplate("https://{id}.example.org/")).toThrow(
      `comments.template: must start with http:// or https:// and a host without placeholders (got "https://{id}.example.org/"). ${advice}`,
    );
    expect(() => parseTemplate("https://talk.example.org/t/{id")).toThrow(
      `comments.template: has a { or } that opens or closes no placeholder (got "https://talk.example.org/t/{id"). ${advice}`,
    );
    expect(() => parseTemplate("talk.example.org/{id}")).toThrow(
      "comments.template: must start with http:// or https://",
    );
  });
});

describe("comment URLs are capped", () => {
  test("cuts fall before a %XX escape or a UTF-8 character, never inside", () => {
    expect(cutEncoded("a%C3%A9b", 3)).toBe("a");
    expect(cutEncoded("a%C3%A9b", 4)).toBe("a");
    expect(cutEncoded("a%C3%A9b", 7)).toBe("a%C3%A9");
    expect(cutEncoded("a%20b", 2)).toBe("a");
    expect(cutEncoded("x%F0%9F%98%80y", 10)).toBe("x");
    expect(cutEncoded("x%F0%9F%98%80y", 13)).toBe("x%F0%9F%98%80");
    expect(cutEncoded("short", 10)).toBe("short");
  });

  test("the lowest-priority piece is shortened first and marked with an ellipsis", () => {
    const url = assembleUrl(
      [
        { text: "https://x.example/?t=" },
        { text: "abcdef", trim: 2 },
        { text: "&b=" },
        { text: "%C3%A9%C3%A9%C3%A9%C3%A9", trim: 1 },
      ],
      40,
    );
    expect(url).toBe(`https://x.example/?t=abcdef&b=${ELLIPSIS}`);
  });

  test("a long body is shortened to keep the URL within 2000 characters, title whole", () => {
    const target = { ...section, sectionTitle: "é".repeat(150) };
    const url = commentUrl({ channel: "github-issues", repo: "o/r" }, target);
    const head = `https://github.com/o/r/issues/new?title=${"%C3%A9".repeat(150)}&body=`;
    const body = encodeQueryValue(threadBody(target));
    // 2000 − head − ellipsis leaves 1045 characters for the body: its 155-character
    // opening and 148 whole é (6 characters each), the 149th would not fit.
    expect(head.length).toBe(946);
    const kept = cutEncoded(body, MAX_COMMENT_URL_LENGTH - head.length - ELLIPSIS.length);
    expect(kept.length).toBe(155 + 148 * 6);
    expect(url).toBe(head + kept + ELLIPSIS);
    expect(url.length).toBe(1998);
    expect(new URL(url).searchParams.get("title")).toBe("é".repeat(150));
    expect(new URL(url).searchParams.get("body")).toMatch(
      /^About https:\/\/example\.org\/posts\/results\/#c--f-notes\n\[Learning Together\] Part 2: Results & next steps – é+…$/,
    );
  });

  test("when the title alone is too long the body goes and the title is cut on a character", () => {
    const target = { ...section, sectionTitle: "ب".repeat(400) };
    const url = commentUrl({ channel: "github-issues", repo: "o/r" }, target);
    expect(url).toBe(
      `https://github.com/o/r/issues/new?title=${"%D8%A8".repeat(324)}${ELLIPSIS}&body=`,
    );
    expect(url.length).toBe(1999);
  });
});
