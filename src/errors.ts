/**
 * One small error hierarchy. Every error a user can cause says which file,
 * which line and what to do; the CLI prints `message` without a stack trace.
 */
export class SerialpressError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A problem in an input file, pointing at a 1-based line when known. */
export class InputError extends SerialpressError {
  readonly file: string;
  readonly line?: number;
  constructor(
    file: string,
    line: number | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}${line ? `:${line}` : ""}: ${message}`, options);
    this.file = file;
    this.line = line;
  }
}

/** A setting (flag, front matter or settings file field) with a bad value. */
export class SettingError extends SerialpressError {}

/** The split would overwrite work that is not its own (e.g. a hand-edited post). */
export class ConflictError extends SerialpressError {}
