import { z } from "zod";
import { filePathSchema } from "../chat-types.ts";
import { modelIdSchema, variantIdSchema } from "./library.ts";

const bytesSchema = z.number().int().nonnegative();

export const modelsFolderSchema = z.strictObject({
  path: filePathSchema,
  /** What the models in it take (downloads in progress included). */
  usedBytes: bytesSchema,
  freeDiskBytes: bytesSchema.nullable(),
  /** The desktop app can show it in the file manager; the browser host shows the path only. */
  canOpen: z.boolean(),
});
export type ModelsFolder = z.infer<typeof modelsFolderSchema>;

/**
 * What to change after the engine ran out of memory, from the Library's fit logic: a smaller context for the
 * same file, else a smaller file (installed, or from the catalog to download). Every field null: nothing fits.
 */
export const memoryAdviceSchema = z.strictObject({
  modelId: modelIdSchema.nullable(),
  /** The largest context size at which the current file fits with headroom (smaller than the one used). */
  contextSize: z.number().int().positive().nullable(),
  /** An installed, smaller model that fits at the current context size. */
  smallerModelId: modelIdSchema.nullable(),
  /** A catalog file that fits, when no installed one does. */
  smallerVariantId: variantIdSchema.nullable(),
});
export type MemoryAdvice = z.infer<typeof memoryAdviceSchema>;

export const modelsFolderMethods = {
  "library.modelsFolder": { params: z.strictObject({}), result: modelsFolderSchema },
  /** Opens main's own models folder in the file manager (no path crosses from the renderer). */
  "library.openModelsFolder": { params: z.strictObject({}), result: z.strictObject({ opened: z.boolean() }) },
  "library.memoryAdvice": { params: z.strictObject({}), result: memoryAdviceSchema },
};
