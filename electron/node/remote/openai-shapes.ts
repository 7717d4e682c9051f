/**
 * What an OpenAI-compatible server sends, as far as we read it. Recorded from llama.cpp's own server
 * (ggml-org/llama.cpp at de3ff815ea7d559ee917f063901b8986f038abc6, the source node-llama-cpp 3.22.1 bundles):
 * - GET /v1/models (tools/server/server-context.cpp get_res_models): {object: "list", data: [{id, object: "model",
 *   created, owned_by: "llamacpp", meta}]}; `id` is the -m path or the --alias (tools/server/README.md).
 * - POST /v1/chat/completions with stream: true (server-context.cpp handle_completions_impl, server-task.cpp
 *   to_json_oaicompat_chat_stream, server-common.cpp format_oai_sse): `Content-Type: text/event-stream`, events
 *   `data: <json>\n\n`, keep-alive comments `:\n\n` every --sse-ping-interval (30 s), the end `data: [DONE]`. Each
 *   chunk is {object: "chat.completion.chunk", id, created, model, system_fingerprint, choices: [{index, delta:
 *   {role?, content?, reasoning_content?, tool_calls?}, finish_reason: null | "stop" | "length" | "tool_calls"}]}.
 *   The last carries `timings` {cache_n, prompt_n, prompt_ms, prompt_per_token_ms, prompt_per_second, predicted_n,
 *   predicted_ms, predicted_per_token_ms, predicted_per_second} (server-common.cpp server_slot_stats::to_json), and with
 *   stream_options.include_usage a final chunk with `choices: []` and `usage` {completion_tokens, prompt_tokens,
 *   total_tokens, prompt_tokens_details: {cached_tokens}} (server-task.cpp usage_json_oaicompat).
 * - An error before the stream starts is an HTTP error with {error: {code, message, type}} (server-http.cpp: a wrong
 *   key is 401 {"error": {"message": "Invalid API Key", "type": "authentication_error", "code": 401}}; in router mode
 *   an unknown model is 400 "model '<name>' not found", server-models.cpp router_validate_model); an error during the
 *   stream is one more event `data: {"error": {...}}` and the stream ends without [DONE].
 * Other servers (OpenAI, vLLM, LM Studio) send the same chunk shape without `timings`; fields we don't read are let
 * through (loose objects), so extensions never break a chat.
 */
import { z } from "zod";

export const openAiModelListSchema = z.looseObject({
  data: z.array(z.looseObject({ id: z.string().min(1).max(1000), owned_by: z.string().max(1000).optional() })).max(10_000),
});

const usageSchema = z.looseObject({
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
});

/** llama.cpp's own addition (server_slot_stats::to_json); milliseconds. */
const timingsSchema = z.looseObject({
  cache_n: z.number().nonnegative().optional(),
  prompt_n: z.number().nonnegative(),
  prompt_ms: z.number().nonnegative(),
  predicted_n: z.number().nonnegative(),
  predicted_ms: z.number().nonnegative(),
});
export type LlamaServerTimings = z.infer<typeof timingsSchema>;

export const openAiChunkSchema = z.looseObject({
  choices: z
    .array(
      z.looseObject({
        delta: z.looseObject({ content: z.string().nullish() }).optional(),
        finish_reason: z.string().max(100).nullish(),
      }),
    )
    .max(100),
  usage: usageSchema.nullish(),
  timings: timingsSchema.optional(),
});
export type OpenAiChunk = z.infer<typeof openAiChunkSchema>;

const nestedErrorSchema = z.looseObject({ error: z.looseObject({ message: z.string() }) });
const flatErrorSchema = z.looseObject({ error: z.string() });
const messageOnlySchema = z.looseObject({ message: z.string() });

/** The message of {error: {message, type, code}} (OpenAI, llama-server) or {error: "text"} (others); else undefined. */
export function streamErrorMessage(body: unknown): string | undefined {
  const nested = nestedErrorSchema.safeParse(body);
  if (nested.success) return nested.data.error.message;
  const flat = flatErrorSchema.safeParse(body);
  return flat.success ? flat.data.error : undefined;
}

/** An error body's message: the error shapes above, or a bare {message}. */
export function errorBodyMessage(body: unknown): string | undefined {
  const message = streamErrorMessage(body);
  if (message !== undefined) return message;
  const bare = messageOnlySchema.safeParse(body);
  return bare.success ? bare.data.message : undefined;
}
