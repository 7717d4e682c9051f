/**
 * Ollama's request bodies, field for field from api/types.go at ollama/ollama@fb30760996871fa9460115c753afd2c60d4ab0f7
 * (GenerateRequest, ChatRequest, Message, ShowRequest, Options, Duration). Like Ollama's JSON decoding, unknown fields
 * are ignored; fields we cannot honour are refused by the routes with a clear 400 rather than silently dropped.
 */
import { z } from "zod";

/** `keep_alive`: seconds as a number, or a Go duration string ("5m", "1h30m", "0"); negative means forever. */
export const keepAliveSchema = z.union([z.number(), z.string().max(100)]);

const optionsSchema = z.record(z.string(), z.unknown());

/** api.Message; `role` is lower-cased as Message.UnmarshalJSON does. */
export const ollamaMessageSchema = z.object({
  role: z.string().max(50).transform((role) => role.toLowerCase()),
  content: z.string().default(""),
  images: z.array(z.string()).nullish(),
  tool_calls: z.array(z.unknown()).nullish(),
  thinking: z.string().nullish(),
});

const common = {
  model: z.string().max(500).default(""),
  stream: z.boolean().nullish(),
  format: z.unknown().optional(),
  keep_alive: keepAliveSchema.nullish(),
  options: optionsSchema.nullish(),
  think: z.union([z.boolean(), z.string()]).nullish(),
  logprobs: z.boolean().nullish(),
};

/** api.GenerateRequest */
export const generateRequestSchema = z.object({
  ...common,
  prompt: z.string().default(""),
  suffix: z.string().nullish(),
  system: z.string().nullish(),
  template: z.string().nullish(),
  context: z.array(z.number()).nullish(),
  raw: z.boolean().nullish(),
  images: z.array(z.string()).nullish(),
});
export type GenerateRequest = z.infer<typeof generateRequestSchema>;

/** api.ChatRequest */
export const chatRequestSchema = z.object({
  ...common,
  messages: z.array(ollamaMessageSchema).max(10_000).default([]),
  tools: z.array(z.unknown()).nullish(),
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;

/** api.ShowRequest (`name` is the deprecated spelling of `model`). */
export const showRequestSchema = z.object({
  model: z.string().max(500).default(""),
  name: z.string().max(500).default(""),
  verbose: z.boolean().nullish(),
});

/** api.PullRequest (`insecure`, `username`, `password` are deprecated and ignored by Ollama too). */
export const pullRequestSchema = z.object({
  model: z.string().max(500).default(""),
  name: z.string().max(500).default(""),
  stream: z.boolean().nullish(),
});

/** Go's time.ParseDuration units (https://pkg.go.dev/time#ParseDuration), in milliseconds. */
const durationUnits: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, "μs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Milliseconds the model should stay loaded after the request, as api.Duration.UnmarshalJSON reads it: a number is
 * seconds, a string a Go duration; anything negative is "forever" (Infinity here). Throws on a malformed string.
 */
export function keepAliveMs(value: number | string): number {
  if (typeof value === "number") return value < 0 ? Infinity : value * 1000;
  const text = value.trim();
  if (text === "0") return 0;
  const match = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(text);
  if (!match) throw new Error(`time: invalid duration "${value}"`);
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(amount) * (durationUnits[unit ?? ""] ?? 0);
  return match[1] === "-" ? Infinity : total;
}
