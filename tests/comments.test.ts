import { describe, expect, test } from "@jest/globals";
import { commentSubject, commentUrl, encodeQueryValue } from "../src/comments/links.js";

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
        series: "Learning Together",
        partNumber: 4,
        partTitle: "Findings",
        sectionTitle: "What members value",
        url: "",
      }),
    ).toBe("[Learning Together] Part 4: Findings – What members value");
    expect(
      commentSubject({
        series: "S",
        partNumber: 1,
        partTitle: "Summary",
        sectionTitle: "Summary",
        url: "",
      }),
    ).toBe("[S] Part 1: Summary");
  });

  test("a section link is the exact mailto URL", () => {
    const url = commentUrl(
      { channel: "mailto", address: "list@example.org" },
      {
        series: "Learning Together",
        partNumber: 2,
        partTitle: "Results & next steps",
        sectionTitle: "C# & F# notes",
        url: "https://example.org/posts/results/#c--f-notes",
      },
    );
    expect(url).toBe(
      "mailto:list@example.org?subject=%5BLearning%20Together%5D%20Part%202%3A%20Results%20%26%20next%20steps%20%E2%80%93%20C%23%20%26%20F%23%20notes" +
        "&body=About%20https%3A%2F%2Fexample.org%2Fposts%2Fresults%2F%23c--f-notes%0A%0A",
    );
  });
});
