import { z } from "zod";
import { idSchema, messageTextSchema } from "../chat-types.ts";
import { samplingSettingsSchema } from "./settings.ts";

/**
 * A preset: a named system prompt and sampling, chosen per chat (like LM Studio's and Jan's presets).
 * Each sampling value it holds replaces the one from Settings for chats that use it; what it leaves out
 * comes from Settings. `systemPrompt` null: the chat's own, else the default from Settings.
 */
export const presetSamplingSchema = samplingSettingsSchema.omit({ seed: true }).partial();
export type PresetSampling = z.infer<typeof presetSamplingSchema>;

export const builtInPresetIds = ["precise", "balanced", "creative", "code"] as const;
export const builtInPresetIdSchema = z.enum(builtInPresetIds);
export type BuiltInPresetId = z.infer<typeof builtInPresetIdSchema>;

export const presetNameSchema = z.string().trim().min(1).max(60);

export const presetSchema = z.strictObject({
  id: idSchema,
  /** The user's own name; built-in presets are named by the UI in its language (from the id). */
  name: presetNameSchema,
  builtIn: z.boolean(),
  systemPrompt: messageTextSchema.max(20_000).nullable(),
  sampling: presetSamplingSchema,
});
export type Preset = z.infer<typeof presetSchema>;

/** A user preset as the renderer sends it (main picks the id of a new one). */
export const presetDraftSchema = z.strictObject({
  id: idSchema.optional(),
  name: presetNameSchema,
  systemPrompt: messageTextSchema.max(20_000).nullable(),
  sampling: presetSamplingSchema,
});
export type PresetDraft = z.infer<typeof presetDraftSchema>;

export const presetMethods = {
  /** The built-in presets first, then the user's, in the order they were made. */
  "presets.list": { params: z.strictObject({}), result: z.array(presetSchema) },
  /** Creates a user preset (no id) or replaces one; built-in presets cannot be changed. */
  "presets.save": { params: z.strictObject({ preset: presetDraftSchema }), result: presetSchema },
  /** Chats that used it go back to no preset. */
  "presets.delete": { params: z.strictObject({ id: idSchema }), result: z.strictObject({ deleted: z.boolean() }) },
};

export const presetEvents = {
  "presets.changed": z.array(presetSchema),
};
