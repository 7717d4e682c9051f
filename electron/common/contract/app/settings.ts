import { z } from "zod";
import { filePathSchema, messageTextSchema } from "../chat-types.ts";
import { keepAliveMinutesSchema, loadValueSchemas, samplingValueSchemas } from "../ranges.ts";

/**
 * The app's settings, stored in `<userData>/settings.json`. The ranges are the engine contract's (ranges.ts), so
 * what the settings hold can be passed to the engine as is. Defaults live in the settings service
 * (the thread count depends on the machine).
 */
export const samplingSettingsSchema = z.strictObject({
  ...samplingValueSchemas,
  /** null: a new random seed for every answer. */
  seed: samplingValueSchemas.seed.nullable(),
});

export const modelSettingsSchema = z.strictObject({
  contextSize: z.union([z.literal("auto"), loadValueSchemas.contextSize]),
  threads: loadValueSchemas.threads,
  batchSize: loadValueSchemas.batchSize,
  /** "forever": keep the model loaded; a number: unload it after that many idle minutes (the next message reloads it). */
  keepAlive: z.union([z.literal("forever"), keepAliveMinutesSchema]),
  activeModelPath: filePathSchema.nullable(),
});

export const contextOverflowSchema = z.enum(["drop-oldest", "stop"]);
export type ContextOverflow = z.infer<typeof contextOverflowSchema>;

export const chatSettingsSchema = z.strictObject({
  /** Used by every chat without its own system prompt; "" for none. */
  defaultSystemPrompt: messageTextSchema.max(20_000),
  /**
   * When a chat outgrows the context: "drop-oldest" leaves out the oldest turns (the system prompt stays);
   * "stop" answers no more and asks for a new chat (nothing the model saw is ever left out).
   */
  contextOverflow: contextOverflowSchema,
});

export const themeSchema = z.enum(["light", "dark", "system"]);
export type Theme = z.infer<typeof themeSchema>;
export const languageSchema = z.enum(["en", "zh-CN"]);

export const appearanceSettingsSchema = z.strictObject({
  theme: themeSchema,
  fontSize: z.number().int().min(10).max(32),
  language: languageSchema,
});

export const networkSettingsSchema = z.strictObject({
  /** Hugging Face or a mirror of it (the HF_ENDPOINT convention). */
  huggingFaceEndpoint: z.url({ protocol: /^https?$/ }).max(500),
  /** The Ollama registry (or one that answers like it) that Q4_0 files come from. */
  ollamaRegistry: z.url({ protocol: /^https?$/ }).max(500),
});

/** A web page's origin as browsers send it in the Origin header: scheme, host and port, nothing after. */
export const webOriginSchema = z
  .string()
  .max(200)
  .regex(/^https?:\/\/[^\s/?#]+$/, "an origin such as http://192.168.1.20:8080 (scheme, host and port only)");

/** The Ollama- and OpenAI-compatible API for other programs (electron/node/api). Off by default. */
export const apiSettingsSchema = z.strictObject({
  /** "Let programs on this computer use Gemma": the API on loopback. */
  local: z.boolean(),
  /** "…and devices on my network": on every address, with the API token for any request from another machine. */
  network: z.boolean(),
  /** Web pages that may call the API from a browser (CORS); every other Origin is refused. */
  allowedOrigins: z.array(webOriginSchema).max(20),
  /** "Keep programs' conversations in my chat list": each answered request becomes a chat. Off: nothing is stored. */
  keepChats: z.boolean(),
});

export const settingsSchema = z.strictObject({
  sampling: samplingSettingsSchema,
  model: modelSettingsSchema,
  chat: chatSettingsSchema,
  appearance: appearanceSettingsSchema,
  network: networkSettingsSchema,
  api: apiSettingsSchema,
});
export type Settings = z.infer<typeof settingsSchema>;

export const settingsSectionSchema = z.enum(["sampling", "model", "chat", "appearance", "network", "api"]);
export type SettingsSection = z.infer<typeof settingsSectionSchema>;

/** Any subset of the settings; every value given is checked against its range (no clamping here). */
export const settingsPatchSchema = z.strictObject({
  sampling: samplingSettingsSchema.partial().optional(),
  model: modelSettingsSchema.partial().optional(),
  chat: chatSettingsSchema.partial().optional(),
  appearance: appearanceSettingsSchema.partial().optional(),
  network: networkSettingsSchema.partial().optional(),
  api: apiSettingsSchema.partial().optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/**
 * When a change takes effect, for the UI to say so: "immediately", "applies to the next answer",
 * "applies when the model is next loaded".
 */
export const settingAppliesSchema = z.enum(["immediately", "next-answer", "next-load"]);
export type SettingApplies = z.infer<typeof settingAppliesSchema>;

const settingValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string().max(200)).max(20)]);

export const settingDescriptionSchema = z.strictObject({
  /** "section.name", e.g. "sampling.temperature". */
  key: z.string().max(100),
  section: settingsSectionSchema,
  applies: settingAppliesSchema,
  defaultValue: settingValueSchema,
  /** For numbers: the allowed range. */
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().optional(),
  /** For choices, and the non-numeric value a number setting may take ("auto", "forever"). */
  choices: z.array(z.string().max(100)).optional(),
  /** null is allowed (a random seed, no model chosen). */
  nullable: z.boolean().optional(),
});
export type SettingDescription = z.infer<typeof settingDescriptionSchema>;

export const settingsMethods = {
  /** `notices`: what went wrong reading settings.json (shown once; cleared by `settings.dismissNotices`). */
  "settings.get": {
    params: z.strictObject({}),
    result: z.strictObject({ settings: settingsSchema, notices: z.array(z.string().max(2000)) }),
  },
  /** Returns the new settings; an invalid value rejects the whole patch with BAD_REQUEST. */
  "settings.update": { params: z.strictObject({ patch: settingsPatchSchema }), result: settingsSchema },
  /** Back to defaults: one section, or everything. The chosen model (`model.activeModelPath`) is kept. */
  "settings.reset": { params: z.strictObject({ section: settingsSectionSchema.optional() }), result: settingsSchema },
  "settings.describe": { params: z.strictObject({}), result: z.array(settingDescriptionSchema) },
  "settings.dismissNotices": { params: z.strictObject({}), result: z.strictObject({}) },
};

export const settingsEvents = {
  "settings.changed": z.strictObject({ settings: settingsSchema, changedKeys: z.array(z.string().max(100)) }),
};
