import { z } from "zod";
import { maxStringLength } from "../rpc/rpc-envelope.ts";
import { samplingValueSchemas } from "./ranges.ts";

export const idSchema = z.string().min(1).max(100).regex(/^[\w-]+$/, "letters, digits, - and _ only");
export const messageTextSchema = z.string().max(maxStringLength);
export const filePathSchema = z.string().min(1).max(4096);

/** One turn of a conversation as the engine needs it. */
export const chatTurnSchema = z.strictObject({
  role: z.enum(["user", "model"]),
  text: messageTextSchema,
});
export type ChatTurn = z.infer<typeof chatTurnSchema>;

/** The same figures `ollama run --verbose` prints after an answer. */
export const generationStatsSchema = z.strictObject({
  totalMs: z.number().nonnegative(),
  loadMs: z.number().nonnegative(),
  promptTokens: z.number().int().nonnegative(),
  promptMs: z.number().nonnegative(),
  promptTokensPerSecond: z.number().nonnegative(),
  generatedTokens: z.number().int().nonnegative(),
  generationMs: z.number().nonnegative(),
  tokensPerSecond: z.number().nonnegative(),
  timeToFirstTokenMs: z.number().nonnegative(),
});
export type GenerationStats = z.infer<typeof generationStatsSchema>;

/** A piece of a streamed answer: new text and how many tokens it took. The engine reports it, main passes it on. */
export const generationDeltaSchema = z.strictObject({ text: messageTextSchema, tokens: z.number().int().nonnegative() });
export type GenerationDelta = z.infer<typeof generationDeltaSchema>;

export const stopReasonSchema = z.enum(["end", "maxTokens", "stopped"]);
export type StopReason = z.infer<typeof stopReasonSchema>;

/** Sampling as the engine takes it: each value optional (llama.cpp's default where absent). */
export const samplingSchema = z.strictObject(samplingValueSchemas).partial();
export type Sampling = z.infer<typeof samplingSchema>;

export const modelInfoSchema = z.strictObject({
  path: filePathSchema,
  name: z.string().max(500),
  architecture: z.string().max(100),
  sizeBytes: z.number().nonnegative(),
  quantization: z.string().max(50).optional(),
  contextSize: z.number().int().positive(),
  trainContextSize: z.number().int().positive(),
  loadMs: z.number().nonnegative(),
});
export type ModelInfo = z.infer<typeof modelInfoSchema>;
