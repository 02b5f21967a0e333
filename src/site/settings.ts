import { readFileSync } from "node:fs";
import type { ValidateFunction } from "ajv";
import { SettingError } from "../errors.js";
import type { CommentChannel } from "../comments/links.js";
import { parseTemplate } from "../comments/template.js";
import { describeSchemaErrors } from "./schema-errors.js";
import generatedValidate from "../generated/site-settings.validate.js";

/** Parts in each feed when `feedItems` is not set. */
export const DEFAULT_FEED_ITEMS = 20;

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
  /**
   * Parts in each feed, newest first (default {@link DEFAULT_FEED_ITEMS}): a
   * feed holds full texts, so an uncapped feed of a long series grows with
   * the whole report; the contents and whole-report pages keep every part.
   */
  feedItems?: number;
  /** The email edition (`serialpress mail`); SMTP settings come from `SMTP_URL`. */
  mail?: MailSettings;
}

/** Where and how each released part is mailed (the email edition). */
export interface MailSettings {
  /** Recipient addresses, usually the list's (RFC 5322 addr-specs). */
  to: string[];
  /** Sender: an address or `Name <address>`. */
  from: string;
  /** Where replies go; default the mailto channel's address, else `to[0]`. */
  replyTo?: string;
  /** RFC 2369 List-Unsubscribe target, `mailto:` or `https:`. */
  unsubscribe?: string;
  /** RFC 2919 List-Id, without angle brackets. */
  listId?: string;
  /**
   * `multipart` (default): HTML and plain text, multipart/alternative;
   * `text`: plain text only, for lists that refuse any HTML part.
   */
  format?: "multipart" | "text";
}

/**
 * site.schema.json's validator, generated ahead of time by scripts/validators.js
 * (ajv standalone code, with ajv-formats, `allErrors`, `discriminator` and
 * `verbose`), so a build does not compile the schema each time it starts.
 */
const validate = generatedValidate as unknown as ValidateFunction;

/**
 * Reads and validates the site settings file. `SITE_URL` in the environment
 * replaces `url` (for deploy previews and hosts with another address).
 *
 * @throws SettingError naming the file and each bad field, what it accepts
 *   and what it holds (a `url` channel's template is parsed here too, so a
 *   bad one stops the build before any page is written).
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
  return checkSiteSettings(data, file, env);
}

/**
 * Validates site settings given as data (the plugin's `site` option) as
 * {@link loadSiteSettings} does a file's; `origin` names them in messages.
 *
 * @throws SettingError naming `origin` and each bad field.
 */
export function checkSiteSettings(
  data: unknown,
  origin: string,
  env: NodeJS.ProcessEnv = process.env,
): SiteSettings {
  if (!validate(data)) {
    const problems = describeSchemaErrors(validate.errors ?? []).map((line) => `  ${line}`);
    throw new SettingError(
      `${origin}: invalid site settings:\n${problems.join("\n")}\nSee the settings section of README.md.`,
    );
  }
  const settings = data as unknown as SiteSettings;
  if (settings.comments.channel === "url") {
    try {
      parseTemplate(settings.comments.template);
    } catch (error) {
      throw new SettingError(`${origin}: invalid site settings:\n  ${(error as Error).message}`);
    }
  }
  const url = (env.SITE_URL?.trim() || settings.url).replace(/\/+$/, "");
  return { ...settings, url };
}

/**
 * Eleventy's `pathPrefix` for a site served below the root of its host: the
 * path of the site's URL (`https://owner.github.io/repo` → `/repo/`), or `/`.
 */
export function pathPrefixOf(settings: SiteSettings): string {
  const path = new URL(settings.url).pathname.replace(/\/+$/, "");
  return `${path}/`;
}
