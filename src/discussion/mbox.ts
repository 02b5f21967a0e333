/**
 * Splits an mboxrd file (the mbox variant public-inbox writes; RFC 4155
 * describes the family) into messages: each starts with a `From ` line,
 * and a body line written as `>From `, `>>From `… loses one `>`.
 */
export function splitMbox(text: string): string[] {
  const messages: string[] = [];
  let current: string[] | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith("From ")) {
      if (current) messages.push(current.join("\n"));
      current = [];
      continue;
    }
    if (!current) continue;
    current.push(/^>+From /.test(line) ? line.slice(1) : line);
  }
  if (current) messages.push(current.join("\n"));
  // mboxrd ends each message with an empty line that is not part of it.
  return messages.map((m) => m.replace(/\n$/, "")).filter((m) => m.trim() !== "");
}
