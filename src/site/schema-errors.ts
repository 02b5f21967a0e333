import type { ErrorObject } from "ajv";

/** The parts of a JSON Schema node that messages quote. */
interface SchemaNode {
  description?: string;
  const?: unknown;
  properties?: Record<string, SchemaNode>;
  oneOf?: SchemaNode[];
}

const show = (v: unknown) => JSON.stringify(v);
const fieldOf = (instancePath: string, child?: string) =>
  [...instancePath.split("/").slice(1), ...(child ? [child] : [])].join(".") || "(top level)";

/**
 * Turns ajv errors (compiled with `verbose: true`, so each error carries its
 * schema and data) into one line per problem that names the field, says
 * what is accepted and shows what was found, e.g.
 * `comments.channel: must be one of "mailto", "github-issues" (got "slack")`.
 * Lines come out in ajv's order, without repeats.
 */
export function describeSchemaErrors(errors: ErrorObject[]): string[] {
  const lines = errors.map((e) => {
    const parent = (e.parentSchema ?? {}) as SchemaNode;
    const params = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case "required": {
        const missing = String(params.missingProperty);
        const about = parent.properties?.[missing]?.description;
        return `${fieldOf(e.instancePath, missing)}: is required${about ? ` (${about})` : ""}`;
      }
      case "additionalProperties": {
        const allowed = Object.keys(parent.properties ?? {}).join(", ");
        return `${fieldOf(e.instancePath, String(params.additionalProperty))}: is not a setting here (allowed: ${allowed})`;
      }
      case "discriminator": {
        const tag = String(params.tag);
        const values = (parent.oneOf ?? []).map((s) => show(s.properties?.[tag]?.const));
        const got = params.tagValue === undefined ? "is required" : `got ${show(params.tagValue)}`;
        return `${fieldOf(e.instancePath, tag)}: must be one of ${values.join(", ")} (${got})`;
      }
      case "enum":
        return `${fieldOf(e.instancePath)}: must be one of ${(params.allowedValues as unknown[]).map(show).join(", ")} (got ${show(e.data)})`;
      default: {
        const about = parent.description ? `: ${parent.description}` : "";
        return `${fieldOf(e.instancePath)}: ${e.message} (got ${show(e.data)})${about}`;
      }
    }
  });
  // A missing `channel` fails both `required` and `discriminator`: keep the line that lists values.
  const listed = new Set(
    lines.filter((l) => l.includes(": must be one of ")).map((l) => l.split(":")[0]),
  );
  return [...new Set(lines)].filter(
    (l) => !(l.endsWith(": is required") && listed.has(l.split(":")[0])),
  );
}
