import type { z } from "zod";
import type { InvalidField } from "./error-details.ts";

type Issue = z.core.$ZodIssue;

const measures = { string: "length", array: "items", set: "items" } as const;
const measureOf = (origin: string) => measures[origin as keyof typeof measures] ?? "value";

/** The most specific issue of a union that matched no option (a wrong type is the least telling). */
function mostSpecific(issues: readonly Issue[]): Issue | undefined {
  return issues.find((issue) => issue.code !== "invalid_type" && issue.code !== "invalid_value") ?? issues[0];
}

/**
 * What a zod issue says about the refused field, as BAD_REQUEST details the renderer words in the user's language
 * (zod's own message is English and not for the UI).
 */
export function invalidField(issue: Issue | undefined, method?: string): InvalidField {
  // Keys and values can come from a hostile client: what goes back is cut to the details' bounds.
  const at = (path: readonly PropertyKey[]) => path.map(String).join(".").slice(0, 500);
  const base = { ...(method === undefined ? {} : { method }), field: issue ? at(issue.path) : "" };
  switch (issue?.code) {
    case "too_big":
      return { ...base, problem: "too-big", maximum: Number(issue.maximum), measure: measureOf(issue.origin) };
    case "too_small":
      return { ...base, problem: "too-small", minimum: Number(issue.minimum), measure: measureOf(issue.origin) };
    case "invalid_type":
      return issue.expected === "int" ? { ...base, problem: "not-integer" } : { ...base, problem: "wrong-type", expected: String(issue.expected).slice(0, 50) };
    case "invalid_format":
      return { ...base, problem: "bad-format", format: issue.format.slice(0, 50) };
    case "invalid_value":
      return { ...base, problem: "not-allowed", allowed: issue.values.slice(0, 50).map((value) => String(value).slice(0, 100)) };
    case "unrecognized_keys":
      return { ...base, problem: "unknown-field", field: [base.field, issue.keys[0] ?? ""].filter(Boolean).join(".").slice(0, 500) };
    case "invalid_union": {
      const inner = mostSpecific(issue.errors.flat());
      if (inner && inner.code !== "invalid_type" && inner.code !== "invalid_value") {
        return { ...invalidField({ ...inner, path: [...issue.path, ...inner.path] } as Issue, method) };
      }
      return { ...base, problem: "invalid" };
    }
    default:
      return { ...base, problem: "invalid" };
  }
}
