import { z } from "zod";

/**
 * How the engine brings the model's weights into memory (node-llama-cpp 3.22.1 `LlamaModelOptions.useMmap`,
 * dist/evaluator/LlamaModel/LlamaModel.d.ts): "read" reads the file into memory of the engine's own, "mmap" maps it
 * and lets the page cache hold it. Which one a device gets: electron/node/services/inference/load-mode.ts.
 */
export const loadModeSchema = z.enum(["read", "mmap"]);
export type LoadMode = z.infer<typeof loadModeSchema>;

/**
 * How far a load has got in bytes of the model file; once the engine has a steady rate, how fast it reads and how
 * long is left (left out until then, so nothing jumps).
 */
export const loadMeterSchema = z.strictObject({
  loadedBytes: z.number().int().nonnegative(),
  totalBytes: z.number().int().nonnegative(),
  bytesPerSecond: z.number().nonnegative().optional(),
  secondsLeft: z.number().nonnegative().optional(),
});
export type LoadMeter = z.infer<typeof loadMeterSchema>;
