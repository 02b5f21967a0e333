import { createHash } from "node:crypto";

/** Positions in a MinHash signature: one sha512 digest gives sixteen 32-bit values. */
const SIZE = 16;

/**
 * A short, stable hash of a block's text (sha256, 12 hex digits), used to
 * recognise the same paragraph after the report is re-split.
 */
export function blockHash(text: string): string {
  return createHash("sha256").update(text.trim(), "utf8").digest("hex").slice(0, 12);
}

/**
 * A MinHash signature of a text (Broder 1997): for each of 16 hash functions,
 * the least hash over the text's word 3-shingles, as 8 hex digits each (a
 * 128-character string). Two texts' signatures agree in about as many
 * positions as their shingle sets overlap (Jaccard similarity), so a section
 * is recognised after a heading rename or a few edits.
 */
export function textSignature(text: string): string {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const shingles = new Set<string>();
  if (words.length < 3) shingles.add(words.join(" "));
  for (let i = 0; i + 3 <= words.length; i++) shingles.add(words.slice(i, i + 3).join(" "));
  const min = new Array<number>(SIZE).fill(0xffffffff);
  for (const shingle of shingles) {
    const digest = createHash("sha512").update(shingle, "utf8").digest();
    for (let k = 0; k < SIZE; k++) min[k] = Math.min(min[k]!, digest.readUInt32BE(k * 4));
  }
  return min.map((n) => n.toString(16).padStart(8, "0")).join("");
}

/** Estimated Jaccard similarity of two {@link textSignature}s, from 0 to 1. */
export function similarity(a: string, b: string): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let same = 0;
  for (let k = 0; k < a.length; k += 8) if (a.slice(k, k + 8) === b.slice(k, k + 8)) same++;
  return same / (a.length / 8);
}
