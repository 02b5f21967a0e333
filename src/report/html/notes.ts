// Rule "notes": footnotes and endnotes get labels from their own text; mammoth's back-links go.
import { createHash } from "node:crypto";
import type { Element } from "hast";
import { textOf, walk, type HtmlState } from "./state.js";

/** A link to a note: `#footnote-37`, `#endnote-2`. */
export const NOTE_REF = /^#((?:foot|end)note-[^#]+)$/;
/** The id of a note's body (not of its reference). */
export const NOTE_ID = /^(?:foot|end)note-(?!ref-)/;

/**
 * Labels each note by its own text: the first 8 hex digits of the sha256 of
 * its text, whitespace collapsed (`-2`, `-3`, … after a label already given,
 * in reading order). Numbers in reading order would renumber every later
 * note when one is added, changing the text of every later part, so released
 * parts would be marked updated; a page shows numbers either way. Also
 * drops mammoth's "↑" back-links, which Markdown footnotes make for themselves.
 */
export function labelNotes(state: HtmlState): void {
  const order: string[] = [];
  const bodies = new Map<string, Element>();
  walk(state.tree, (node, parent) => {
    const href = String(node.properties.href ?? "");
    const ref = node.tagName === "a" ? NOTE_REF.exec(href) : null;
    if (ref) order.push(ref[1]!);
    if (node.tagName === "li" && NOTE_ID.test(String(node.properties.id ?? "")))
      bodies.set(String(node.properties.id), node);
    if (node.tagName === "a" && /^#(?:foot|end)note-ref-/.test(href) && parent) {
      parent.children = parent.children.filter((c) => c !== node);
    }
  });
  const taken = new Set<string>();
  for (const id of [...order, ...bodies.keys()]) {
    if (state.notes.has(id)) continue;
    const body = bodies.get(id);
    const base = noteLabel(body ? textOf(body) : id);
    let label = base;
    for (let n = 2; taken.has(label); n++) label = `${base}-${n}`;
    taken.add(label);
    state.notes.set(id, label);
  }
}

/** A note's Markdown label from its text: 8 hex digits of the sha256 of the text, whitespace collapsed. */
export function noteLabel(text: string): string {
  const clean = text.replace(/\s+/g, " ").trim();
  return createHash("sha256").update(clean).digest("hex").slice(0, 8);
}
