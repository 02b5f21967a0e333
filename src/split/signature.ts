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
 *
 * The hashes are integer arithmetic, not a digest per shingle: words are
 * hashed once (FNV-1a), shingles combine their words' hashes, and the 16
 * functions are `a + k·b` over two mixed hashes (Kirsch and Mitzenmacher
 * 2006). A sha512 per shingle took two thirds of a large split.
 */
export function textSignature(text: string): string {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const hashes = words.map(fnv1a);
  const min = new Array<number>(SIZE).fill(0xffffffff);
  const add = (seed: number) => {
    const a = fmix32(seed);
    const b = fmix32(a ^ 0x5bd1e995) | 1;
    for (let k = 0; k < SIZE; k++) {
      const v = (a + Math.imul(k, b)) >>> 0;
      if (v < min[k]!) min[k] = v;
    }
  };
  if (hashes.length < 3) add(hashes.reduce((h, w) => Math.imul(h ^ w, 0x9e3779b1), 0x811c9dc5));
  for (let i = 0; i + 3 <= hashes.length; i++) {
    add(hashes[i]! ^ Math.imul(hashes[i + 1]!, 0x9e3779b1) ^ Math.imul(hashes[i + 2]!, 0x85ebca77));
  }
  return min.map((n) => n.toString(16).padStart(8, "0")).join("");
}

/** FNV-1a, 32 bits, over UTF-16 code units. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** MurmurHash3's 32-bit finaliser: spreads every input bit over the output. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Estimated Jaccard similarity of two {@link textSignature}s, from 0 to 1. */
export function similarity(a: string, b: string): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let same = 0;
  for (let k = 0; k < a.length; k += 8) if (a.slice(k, k + 8) === b.slice(k, k + 8)) same++;
  return same / (a.length / 8);
}
