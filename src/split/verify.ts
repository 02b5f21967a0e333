import type { ParsedReport } from "../report/parse.js";
import type { PlannedPart } from "./plan.js";
import type { PartText } from "./references.js";

/** A violation of the split's promise that nothing is lost or doubled. */
export interface LossProblem {
  /** 1-based body line concerned. */
  line: number;
  problem: "lost" | "duplicated" | "changed" | "definition missing";
}

/**
 * Checks that a split is lossless, independently of how parts were cut:
 * reading the parts' own texts one after another gives back the report's
 * body line for line (blank lines aside), minus exactly the definitions that
 * travelled; every travelling definition is carried by at least one part;
 * and the parts cover the blocks contiguously. Returns the problems (none
 * when the split is good), each with the body line where it starts.
 */
export function verifyLossless(
  parsed: ParsedReport,
  parts: PlannedPart[],
  texts: PartText[],
): LossProblem[] {
  const problems: LossProblem[] = [];
  let expectedBlock = 0;
  for (const p of parts) {
    if (p.from !== expectedBlock) {
      const line = (parsed.blocks[Math.min(p.from, expectedBlock)]?.start ?? 0) + 1;
      problems.push({ line, problem: p.from > expectedBlock ? "lost" : "duplicated" });
    }
    expectedBlock = p.to;
  }
  if (expectedBlock !== parsed.blocks.length)
    problems.push({ line: (parsed.blocks[expectedBlock]?.start ?? 0) + 1, problem: "lost" });

  // Definitions that travelled leave their place; each must be in the parts that carry it.
  const source = (i: number) =>
    parsed.lines.slice(parsed.blocks[i]!.start, parsed.blocks[i]!.end).join("\n");
  const removed = new Set<number>();
  texts.forEach((t) => {
    for (const i of t.carried) {
      const b = parsed.blocks[i]!;
      if (!b.definition || !t.definitions.includes(source(i)))
        problems.push({ line: b.start + 1, problem: "definition missing" });
      for (let l = b.start; l < b.end; l++) removed.add(l);
    }
  });

  const expected: { text: string; line: number }[] = [];
  parsed.lines.forEach((text, line) => {
    if (!removed.has(line) && text.trim() !== "") expected.push({ text, line });
  });
  const actual = texts.flatMap((t) => t.own.split("\n")).filter((l) => l.trim() !== "");
  const n = Math.min(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    if (expected[i]!.text !== actual[i]) {
      problems.push({ line: expected[i]!.line + 1, problem: "changed" });
      return problems;
    }
  }
  if (expected.length > actual.length)
    problems.push({ line: expected[n]!.line + 1, problem: "lost" });
  if (actual.length > expected.length)
    problems.push({ line: (expected.at(-1)?.line ?? 0) + 1, problem: "duplicated" });
  return problems;
}
