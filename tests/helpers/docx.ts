import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Document, Packer, Paragraph, type IPropertiesOptions } from "docx";

/** Options of a test Word document: its body, plus any of the `docx` package's document options. */
export type DocxOptions = Omit<IPropertiesOptions, "sections"> & {
  children: Paragraph[] | ConstructorParameters<typeof Document>[0]["sections"][number]["children"];
};

/** A 1×1 red PNG. */
export const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

/**
 * The bytes of a Word document built with the `docx` package (so each test
 * shows the document it reads), with one section holding `children`.
 */
export async function docxBytes({ children, ...options }: DocxOptions): Promise<Buffer> {
  return Packer.toBuffer(new Document({ ...options, sections: [{ children }] }));
}

/** Writes a test Word document into a new temporary folder; returns its path. */
export async function docxFile(options: DocxOptions, name = "report.docx"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "serialpress-docx-"));
  const file = join(dir, name);
  await writeFile(file, await docxBytes(options));
  return file;
}
