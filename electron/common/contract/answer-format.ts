/**
 * The shape an answer must take: a JSON object ("json": node-llama-cpp's llama/grammars/json.gbnf, whose root is an
 * object like the grammarJSON Ollama uses for `format: "json"` in llm/llama_server.go at fb30760), or JSON that fits a
 * schema. The schema is the subset of
 * JSON Schema that node-llama-cpp 3.22.1 turns into a grammar (GbnfJsonSchema in dist/utils/gbnfJson/types.d.ts:
 * type, const, enum, oneOf, properties, additionalProperties, min/maxProperties, items, prefixItems, min/maxItems,
 * min/maxLength, format date-time/time/date, $defs and `#/$defs/…` references), plus `anyOf` (a grammar for "one
 * of" admits what "any of" admits) and the annotations schema generators write (title, description, default, …).
 * Any other keyword is refused by name: a constraint the grammar would silently drop is not honoured.
 */
import { z } from "zod";

/** A schema longer than this (as JSON) or nested deeper is refused before it is looked at any further. */
export const maxFormatSchemaChars = 32_768;
export const maxFormatSchemaDepth = 24;
/** Repetition counts become llama.cpp grammar repetitions (`{m,n}`), which it expands into rules. */
const maxCount = 1_000;

const count = z.number().int().min(0).max(maxCount);
const literal = z.union([z.string().max(1_000), z.number(), z.boolean(), z.null()]);
const typeName = z.enum(["string", "number", "integer", "boolean", "null", "object", "array"]);
const annotations = {
  title: z.string().max(1_000).optional(),
  description: z.string().max(10_000).optional(),
  $schema: z.string().max(1_000).optional(),
  $id: z.string().max(1_000).optional(),
  $comment: z.string().max(10_000).optional(),
  default: z.unknown().optional(),
  examples: z.array(z.unknown()).optional(),
  /** node-llama-cpp requires every property it is given (types.d.ts), which satisfies any `required` list. */
  required: z.array(z.string().max(1_000)).optional(),
  strict: z.boolean().optional(),
};

type Literal = string | number | boolean | null;
type TypeName = z.infer<typeof typeName>;

/** Written out because zod cannot infer a recursive type; `jsonSchemaSchema` is checked against it. */
export interface JsonSchema {
  title?: string | undefined;
  description?: string | undefined;
  $schema?: string | undefined;
  $id?: string | undefined;
  $comment?: string | undefined;
  default?: unknown;
  examples?: unknown[] | undefined;
  required?: string[] | undefined;
  strict?: boolean | undefined;
  type?: TypeName | TypeName[] | undefined;
  const?: Literal | undefined;
  enum?: Literal[] | undefined;
  $ref?: string | undefined;
  oneOf?: JsonSchema[] | undefined;
  anyOf?: JsonSchema[] | undefined;
  $defs?: Record<string, JsonSchema> | undefined;
  properties?: Record<string, JsonSchema> | undefined;
  additionalProperties?: boolean | JsonSchema | undefined;
  minProperties?: number | undefined;
  maxProperties?: number | undefined;
  items?: JsonSchema | undefined;
  prefixItems?: JsonSchema[] | undefined;
  minItems?: number | undefined;
  maxItems?: number | undefined;
  minLength?: number | undefined;
  maxLength?: number | undefined;
  format?: "date-time" | "time" | "date" | undefined;
}

export const jsonSchemaSchema: z.ZodType<JsonSchema> = z.lazy(() =>
  z.strictObject({
    ...annotations,
    type: z.union([typeName, z.array(typeName).min(1).max(7)]).optional(),
    const: literal.optional(),
    enum: z.array(literal).min(1).max(maxCount).optional(),
    $ref: z.string().regex(/^#\/\$defs\/[^/]+$/, "only references to #/$defs/<name> are supported").optional(),
    oneOf: z.array(jsonSchemaSchema).min(1).max(100).optional(),
    anyOf: z.array(jsonSchemaSchema).min(1).max(100).optional(),
    $defs: z.record(z.string().max(200), jsonSchemaSchema).optional(),
    properties: z.record(z.string().max(1_000), jsonSchemaSchema).optional(),
    additionalProperties: z.union([z.boolean(), jsonSchemaSchema]).optional(),
    minProperties: count.optional(),
    maxProperties: count.optional(),
    items: jsonSchemaSchema.optional(),
    prefixItems: z.array(jsonSchemaSchema).max(100).optional(),
    minItems: count.optional(),
    maxItems: count.optional(),
    minLength: count.optional(),
    maxLength: count.optional(),
    format: z.enum(["date-time", "time", "date"]).optional(),
  }),
);

/** Depth of nested objects and arrays, counted without recursion (a hostile body may nest thousands deep). */
function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (item === null || typeof item !== "object") continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** Size and depth first, so the recursive schema only ever sees a small, shallow value. */
const boundedSchema = z
  .unknown()
  .superRefine((value, context) => {
    if (JSON.stringify(value).length > maxFormatSchemaChars) context.addIssue({ code: "custom", message: `the schema is longer than ${maxFormatSchemaChars} characters` });
    else if (nestingDepth(value, maxFormatSchemaDepth * 2) > maxFormatSchemaDepth * 2) context.addIssue({ code: "custom", message: `the schema is nested deeper than ${maxFormatSchemaDepth} levels` });
  })
  .pipe(jsonSchemaSchema);

/** What the engine is asked for: "json" (a JSON object) or `{schema}`. */
export const answerFormatSchema = z.union([z.literal("json"), z.strictObject({ schema: boundedSchema })]);
export type AnswerFormat = z.infer<typeof answerFormatSchema>;
