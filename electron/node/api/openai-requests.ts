/**
 * OpenAI's request bodies, from the official `openai` npm package 6.49.0 (src/resources/chat/completions/completions.ts:
 * ChatCompletionCreateParamsBase, ChatCompletionContentPartText, ChatCompletionStreamOptions; src/resources/completions.ts:
 * CompletionCreateParamsBase). Unknown fields (user, metadata, store …) are ignored, as OpenAI-compatible servers do
 * (Ollama's openai/openai.go decodes into a struct); parameters we cannot honour are refused with a 400.
 */
import { z } from "zod";

const textPartSchema = z.object({ type: z.literal("text"), text: z.string() });
const otherPartSchema = z.object({ type: z.string() });

/** ChatCompletionMessageParam: content is a string or an array of parts (only text parts are supported here). */
export const openAiMessageSchema = z.object({
  role: z.string().max(50),
  content: z.union([z.string(), z.array(z.union([textPartSchema, otherPartSchema])), z.null()]).optional(),
});

const sampling = {
  model: z.string().min(1, "model is required").max(500),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  max_tokens: z.number().int().nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  seed: z.number().int().nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4), z.null()]).optional(),
  n: z.number().int().nullish(),
  frequency_penalty: z.number().nullish(),
  presence_penalty: z.number().nullish(),
};

export const chatCompletionRequestSchema = z.object({
  ...sampling,
  messages: z.array(openAiMessageSchema).min(1, "messages must not be empty").max(10_000),
  max_completion_tokens: z.number().int().nullish(),
  /** ResponseFormatText | ResponseFormatJSONObject | ResponseFormatJSONSchema (resources/shared.d.ts). */
  response_format: z.object({ type: z.string().max(100), json_schema: z.object({ name: z.string().max(64).optional(), schema: z.unknown().optional() }).nullish() }).nullish(),
  tools: z.array(z.unknown()).nullish(),
  logprobs: z.boolean().nullish(),
});
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;

export const completionRequestSchema = z.object({
  ...sampling,
  prompt: z.union([z.string(), z.array(z.string()).length(1, "only one prompt per request is supported")]),
  suffix: z.string().nullish(),
  echo: z.boolean().nullish(),
  best_of: z.number().int().nullish(),
  logprobs: z.number().int().nullish(),
});
export type CompletionRequest = z.infer<typeof completionRequestSchema>;
