import { z } from "zod";
import { filePathSchema, modelInfoSchema } from "../chat-types.ts";
import { errorCodeSchema, wireErrorSchema } from "../errors.ts";
import { loadMeterSchema } from "../model-load.ts";

/** starting → loading(progress) → ready ⇄ generating → error / exited. */
export const engineStatusSchema = z.discriminatedUnion("state", [
  z.strictObject({ state: z.literal("no-model") }),
  z.strictObject({ state: z.literal("starting"), modelPath: filePathSchema.optional() }),
  z.strictObject({ state: z.literal("loading"), modelPath: filePathSchema, progress: z.number().min(0).max(1), meter: loadMeterSchema.optional() }),
  z.strictObject({ state: z.literal("ready"), model: modelInfoSchema }),
  z.strictObject({ state: z.literal("generating"), model: modelInfoSchema }),
  z.strictObject({ state: z.literal("error"), error: wireErrorSchema, modelPath: filePathSchema.optional() }),
  z.strictObject({
    state: z.literal("exited"),
    reason: z.string(),
    /** OUT_OF_MEMORY when the engine's output said so; ENGINE_CRASHED otherwise (a SIGKILL is often the OOM killer). */
    code: errorCodeSchema.optional(),
    exitCode: z.number().int().nullable(),
    signal: z.string().nullable(),
    lastLines: z.array(z.string()),
    modelPath: filePathSchema.optional(),
  }),
]);
export type EngineStatus = z.infer<typeof engineStatusSchema>;
export type EngineState = EngineStatus["state"];

export const engineMethods = {
  "engine.getStatus": { params: z.strictObject({}), result: engineStatusSchema },
  "engine.loadModel": { params: z.strictObject({ path: filePathSchema }), result: modelInfoSchema },
  "engine.unload": { params: z.strictObject({}), result: z.strictObject({}) },
  "dialog.openModelFile": { params: z.strictObject({}), result: z.strictObject({ path: filePathSchema.nullable() }) },
};

export const engineEvents = {
  "engine.status": engineStatusSchema,
};
