/**
 * What Ollama sends, as far as we read it. Recorded from ollama/ollama at fb30760996871fa9460115c753afd2c60d4ab0f7:
 * - GET /api/tags (api/types.go ListResponse, ListModelResponse, ModelDetails; docs/api.md "List Local Models"):
 *   {models: [{name, model, modified_at, size, digest, details: {parent_model, format, family, families,
 *   parameter_size, quantization_level}}]}.
 * - POST /api/chat, streamed by default (api/types.go ChatRequest, ChatResponse, Metrics; server/routes.go
 *   streamResponse; docs/api/streaming.mdx): `Content-Type: application/x-ndjson`, one ChatResponse JSON object per line:
 *   {model, created_at, message: {role: "assistant", content, thinking?}, done: false}; the final one has done: true,
 *   done_reason ("stop", "length", …) and the Metrics: total_duration, load_duration, prompt_eval_count,
 *   prompt_eval_duration, eval_count, eval_duration — durations in nanoseconds (docs/api.md "Durations",
 *   docs/api/usage.mdx).
 * - Errors (api/types.go StatusError; docs/api/errors.mdx): before streaming, an HTTP status with
 *   `application/json` {"error": "<message>"} — an unknown model is 404 "model '<name>' not found"
 *   (server/routes.go ChatHandler); during the stream, a last NDJSON line {"error": "<message>"} with status 200.
 */
import { z } from "zod";

export const ollamaTagsSchema = z.looseObject({
  models: z
    .array(
      z.looseObject({
        name: z.string().min(1).max(1000),
        model: z.string().max(1000).optional(),
        size: z.number().nonnegative().optional(),
        details: z.looseObject({ parameter_size: z.string().max(100).optional(), quantization_level: z.string().max(100).optional() }).optional(),
      }),
    )
    .max(10_000),
});

const nanoseconds = z.number().nonnegative();

export const ollamaChatLineSchema = z.looseObject({
  message: z.looseObject({ content: z.string() }).optional(),
  done: z.boolean(),
  done_reason: z.string().max(100).optional(),
  total_duration: nanoseconds.optional(),
  load_duration: nanoseconds.optional(),
  prompt_eval_count: z.number().int().nonnegative().optional(),
  prompt_eval_duration: nanoseconds.optional(),
  eval_count: z.number().int().nonnegative().optional(),
  eval_duration: nanoseconds.optional(),
});
export type OllamaMetrics = z.infer<typeof ollamaChatLineSchema>;

export const ollamaErrorBodySchema = z.looseObject({ error: z.string() });
