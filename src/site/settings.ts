import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { SettingError } from "../errors.js";
import type { CommentChannel } from "../comments/links.js";
import schema from "./site.schema.json" with { type: "json" };

/** Site settings from `_data/site.json`, validated against site.schema.json. */
export interface SiteSettings {
  title: string;
  description?: string;
  /** Absolute base URL without a trailing slash, e.g. `https://example.org/series`. */
  url: string;
  /** BCP 47 language tag. */
  lang: string;
  author: { name: string; email?: string; url?: string };
  comments: CommentChannel;
  /**
   * Whether the contents page names the next part's number and date ("Part 7
   * comes on Tuesday 6 April 2027"), never its title. Default false.
   */
  announceUpcoming?: boolean;
  /** Whether the site publishes the release calendar `/schedule.ics`. Default true. */
  calendar?: boolean;
}

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats =
  (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule;
const ajv = new Ajv({ allErrors: true });
(addFormats as unknown as (a: Ajv) => void)(ajv);
const validate = ajv.compile(schema);

/**
 * Reads and validates the site settings file. `SITE_URL` in the environment
 * replaces `url` (for deploy previews and hosts with another address).
 *
 * @throws SettingError naming the file and each bad field.
 */
export function loadSiteSettings(file: string, env: NodeJS.ProcessEnv = process.env): SiteSettings {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (cause) {
    throw new SettingError(`${file}: cannot read the site settings: ${(cause as Error).message}`, {
      cause,
    });
  }
  if (!validate(data)) {
    const problems = (validate.errors ?? []).map((e) => {
      const field = e.instancePath.slice(1).replace(/\//g, ".") || "(top level)";
      const extra =
        e.keyword === "additionalProperties"
          ? ` (${(e.params as { additionalProperty: string }).additionalProperty})`
          : "";
      return `  ${field}: ${e.message}${extra}`;
    });
    throw new SettingError(
      `${file}: invalid site settings:\n${problems.join("\n")}\nSee the settings section of README.md.`,
    );
  }
  const settings = data as unknown as SiteSettings;
  const url = (env.SITE_URL?.trim() || settings.url).replace(/\/+$/, "");
  return { ...settings, url };
}
