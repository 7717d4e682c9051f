import { z } from "zod";

/**
 * Every number a user or a client may set for sampling or loading, with its range, written once: the engine
 * contract, the settings, the presets and the Library's catalog query all build their schemas from these, and the
 * settings screen shows the ranges `settings.describe` reads off those schemas.
 */
export const samplingValueSchemas = {
  temperature: z.number().min(0).max(2),
  topK: z.number().int().min(0).max(1000),
  topP: z.number().min(0).max(1),
  minP: z.number().min(0).max(1),
  repeatPenalty: z.number().min(1).max(2),
  repeatLastTokens: z.number().int().min(0).max(4096),
  seed: z.number().int().min(0).max(2 ** 32 - 1),
  maxTokens: z.number().int().min(1).max(32_768),
};

export const loadValueSchemas = {
  contextSize: z.number().int().min(256).max(131_072),
  threads: z.number().int().min(1).max(256),
  batchSize: z.number().int().min(16).max(8192),
};

/** Idle minutes before the model is unloaded (up to a day). */
export const keepAliveMinutesSchema = z.number().int().min(1).max(1440);
