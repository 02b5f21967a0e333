// Small helpers for the benchmark's numbers and tables.

/**
 * The median of a non-empty list (the mean of the two middle values for an
 * even count). @throws RangeError for an empty list.
 */
export function median(values: number[]): number {
  if (values.length === 0) throw new RangeError("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Milliseconds as seconds with 2 decimals, e.g. `1.23 s`. */
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** Milliseconds with no decimals, e.g. `123 ms`. */
export const millis = (ms: number): string => `${Math.round(ms)} ms`;

/** MiB with no decimals, e.g. `212 MiB`. */
export const mib = (value: number): string => `${Math.round(value)} MiB`;

/** A ratio with 2 decimals, e.g. `1.85`. */
export const ratio = (value: number): string => value.toFixed(2);

/** Bytes in kB (1000 bytes), 1 decimal below 100 kB, e.g. `48.2 kB`, `6,177 kB`. */
export function kilobytes(bytes: number): string {
  const kb = bytes / 1000;
  return `${kb < 100 ? kb.toFixed(1) : Math.round(kb).toLocaleString("en-US")} kB`;
}

/** A GitHub-flavoured Markdown table; cells are escaped for `|`. */
export function markdownTable(head: string[], rows: string[][]): string {
  const cell = (c: string) => c.replace(/\|/g, "\\|");
  const line = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;
  const rule = `|${head.map((_, i) => (i === 0 ? "---" : "--:")).join("|")}|`;
  return [line(head), rule, ...rows.map(line)].join("\n");
}
