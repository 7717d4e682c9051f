import type { GbnfJsonSchema, Llama, LlamaGrammar } from "node-llama-cpp";
import { AppError, type AnswerFormat, type JsonSchema } from "../common/contract/index.ts";

type Gbnf = GbnfJsonSchema;
type Basic = "string" | "number" | "integer" | "boolean" | "null";

/** Any JSON value (a schema of `{}`): node-llama-cpp would read a schema with no type as `null`. */
const anyValue: Gbnf = { oneOf: [{ type: ["string", "number", "boolean", "null"] }, { type: "object", additionalProperties: true }, { type: "array" }] };

const mapValues = <T, U>(record: Record<string, T>, map: (value: T) => U): Record<string, U> =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));

/** The type a schema without `type` constrains, read from its keywords as JSON Schema applies them. */
function impliedTypes(schema: JsonSchema): JsonSchema["type"][] {
  if (schema.properties || schema.additionalProperties !== undefined || schema.minProperties !== undefined || schema.maxProperties !== undefined) return ["object"];
  if (schema.items || schema.prefixItems || schema.minItems !== undefined || schema.maxItems !== undefined) return ["array"];
  if (schema.minLength !== undefined || schema.maxLength !== undefined || schema.format) return ["string"];
  return [];
}

/**
 * Our validated schema in node-llama-cpp's terms (GbnfJsonSchema, dist/utils/gbnfJson/types.d.ts): annotations go,
 * `anyOf` becomes `oneOf`, a type list with object or array becomes alternatives, and an object schema without
 * properties admits any properties (JSON Schema's default; node-llama-cpp's is none).
 */
export function toGbnfSchema(schema: JsonSchema): Gbnf {
  const defs = schema.$defs && { $defs: mapValues(schema.$defs, toGbnfSchema) };
  if (schema.$ref !== undefined) return { $ref: schema.$ref, ...defs } as Gbnf;
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) return { oneOf: alternatives.map(toGbnfSchema), ...defs } as Gbnf;
  if (schema.const !== undefined) return { const: schema.const };
  if (schema.enum) return { enum: schema.enum };
  const types = schema.type === undefined ? impliedTypes(schema) : Array.isArray(schema.type) ? schema.type : [schema.type];
  const parts = types.map((type: JsonSchema["type"]): Gbnf => {
    if (type === "object") {
      const additional = schema.additionalProperties;
      return {
        type: "object",
        ...(schema.properties && { properties: mapValues(schema.properties, toGbnfSchema) }),
        additionalProperties: additional === undefined ? !schema.properties : typeof additional === "boolean" ? additional : toGbnfSchema(additional),
        ...(schema.minProperties !== undefined && { minProperties: schema.minProperties }),
        ...(schema.maxProperties !== undefined && { maxProperties: schema.maxProperties }),
        ...defs,
      } as Gbnf;
    }
    if (type === "array") {
      return {
        type: "array",
        ...(schema.items && { items: toGbnfSchema(schema.items) }),
        ...(schema.prefixItems && { prefixItems: schema.prefixItems.map(toGbnfSchema) }),
        ...(schema.minItems !== undefined && { minItems: schema.minItems }),
        ...(schema.maxItems !== undefined && { maxItems: schema.maxItems }),
        ...defs,
      } as Gbnf;
    }
    if (type === "string" && schema.format) return { type: "string", format: schema.format };
    if (type === "string") return { type: "string", ...(schema.minLength !== undefined && { minLength: schema.minLength }), ...(schema.maxLength !== undefined && { maxLength: schema.maxLength }) };
    return { type: type as Basic };
  });
  if (parts.length === 0) return anyValue;
  return parts.length === 1 ? (parts[0] as Gbnf) : { oneOf: parts };
}

/**
 * The grammar an answer is sampled under (the format was validated against the contract on the way in). "json" is
 * node-llama-cpp's bundled json.gbnf (`llama.getGrammarFor`), kept once built; a schema goes through
 * `llama.createGrammarForJsonSchema` (dist/bindings/Llama.d.ts).
 */
export class AnswerGrammars {
  private json: Promise<LlamaGrammar> | undefined;

  constructor(private readonly getLlama: () => Promise<Llama>) {}

  async for(format: AnswerFormat | undefined): Promise<LlamaGrammar | undefined> {
    if (format === undefined) return undefined;
    const llama = await this.getLlama();
    try {
      if (format === "json") return await (this.json ??= llama.getGrammarFor("json"));
      // The schema's type is only known at run time; the library's generic parameters describe a literal schema.
      return await llama.createGrammarForJsonSchema(toGbnfSchema(format.schema) as never);
    } catch (error) {
      if (format === "json") this.json = undefined;
      throw new AppError("BAD_REQUEST", `The answer format could not be turned into a grammar: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
