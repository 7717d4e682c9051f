import { answerFormatSchema, type AnswerFormat } from "../../common/contract/index.ts";
import { HttpError } from "./http-io.ts";

/** The schema checked here, in main, with the contract's bounded zod schema; the engine builds the grammar from it. */
function checkedSchema(schema: unknown, field: string): AnswerFormat {
  const parsed = answerFormatSchema.safeParse({ schema });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = (issue?.path ?? []).slice(1).join(".");
  throw new HttpError(400, `${field}: this server cannot use the schema${where ? ` at ${where}` : ""}: ${issue?.message ?? "invalid"}`);
}

/**
 * Ollama's `format` as llm/llama_server.go (ollama/ollama@fb30760) reads it: absent, null or "" is plain text,
 * "json" a JSON object, a JSON object a JSON Schema, anything else "invalid format".
 */
export function ollamaAnswerFormat(format: unknown): AnswerFormat | undefined {
  if (format === undefined || format === null || format === "") return undefined;
  if (format === "json") return "json";
  if (typeof format !== "object" || Array.isArray(format)) throw new HttpError(400, `invalid format: ${JSON.stringify(format)}; expected "json" or a valid JSON Schema object`);
  return checkedSchema(format, "format");
}

/**
 * OpenAI's `response_format` (ResponseFormatText, ResponseFormatJSONObject, ResponseFormatJSONSchema in the `openai`
 * package 6.49.0's resources/shared.d.ts), mapped as Ollama's openai/openai.go maps it: json_object is "json",
 * json_schema its `schema` (none given: plain text, as Ollama does).
 */
export function openAiAnswerFormat(responseFormat: { type: string; json_schema?: { schema?: unknown } | null | undefined } | null | undefined): AnswerFormat | undefined {
  if (!responseFormat) return undefined;
  switch (responseFormat.type.trim().toLowerCase()) {
    case "text":
      return undefined;
    case "json_object":
      return "json";
    case "json_schema": {
      const schema = responseFormat.json_schema?.schema;
      return schema === undefined || schema === null ? undefined : checkedSchema(schema, "response_format.json_schema.schema");
    }
    default:
      throw new HttpError(400, `response_format "${responseFormat.type}" is not supported by this server (text, json_object and json_schema are)`);
  }
}
