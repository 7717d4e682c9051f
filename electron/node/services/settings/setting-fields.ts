import os from "node:os";
import { z } from "zod";
import {
  settingsSchema,
  type SettingApplies,
  type SettingDescription,
  type Settings,
  type SettingsSection,
} from "../../../common/contract/app/settings.ts";

export type SettingKey = { [S in SettingsSection]: `${S}.${keyof Settings[S] & string}` }[SettingsSection];

/**
 * Tokens llama.cpp evaluates per step. It reserves its compute buffer for the logits of a whole batch over Gemma's
 * 256,000-token vocabulary: 500 MiB at 512, 125 MiB at 128 (the memory estimate counts it). On the CPU prompt speed
 * did not change between the two (1 thread, 510-token prompt, 3 interleaved runs each: 15.7–17.6 tokens/s at 128,
 * 15.9–17.0 at 512).
 */
export const defaultBatchSize = 128;

export function defaultSettings(cores: number = os.availableParallelism()): Settings {
  return {
    sampling: { temperature: 0.8, topK: 40, topP: 0.95, minP: 0.05, repeatPenalty: 1.1, repeatLastTokens: 64, seed: null, maxTokens: 1024 },
    model: { contextSize: "auto", threads: Math.max(1, Math.min(cores, 256)), batchSize: defaultBatchSize, keepAlive: "forever", activeModelPath: null },
    chat: { defaultSystemPrompt: "", contextOverflow: "drop-oldest" },
    appearance: { theme: "system", fontSize: 16, language: "en" },
    // ollama/ollama types/model/name.go: defaultHost "registry.ollama.ai", scheme https.
    network: { huggingFaceEndpoint: "https://huggingface.co", ollamaRegistry: "https://registry.ollama.ai" },
    // Off until the user turns it on (issue #15): nothing listens for other programs by default.
    api: { local: false, network: false, allowedOrigins: [], keepChats: false },
  };
}

/** When each setting takes effect (the UI says so next to it). */
const applies: Record<SettingKey, SettingApplies> = {
  "sampling.temperature": "next-answer",
  "sampling.topK": "next-answer",
  "sampling.topP": "next-answer",
  "sampling.minP": "next-answer",
  "sampling.repeatPenalty": "next-answer",
  "sampling.repeatLastTokens": "next-answer",
  "sampling.seed": "next-answer",
  "sampling.maxTokens": "next-answer",
  "model.contextSize": "next-load",
  "model.threads": "next-load",
  "model.batchSize": "next-load",
  "model.keepAlive": "immediately",
  "model.activeModelPath": "next-load",
  "chat.defaultSystemPrompt": "next-answer",
  "chat.contextOverflow": "next-answer",
  "appearance.theme": "immediately",
  "appearance.fontSize": "immediately",
  "appearance.language": "immediately",
  "network.huggingFaceEndpoint": "immediately",
  "network.ollamaRegistry": "immediately",
  "api.local": "immediately",
  "api.network": "immediately",
  "api.allowedOrigins": "immediately",
  "api.keepChats": "next-answer",
};

export interface SettingField {
  key: SettingKey;
  section: SettingsSection;
  name: string;
  schema: z.ZodType;
  /** The range a number is clamped into (also for "auto" | number settings). */
  range?: { min: number; max: number; integer: boolean };
  /** Allowed strings: an enum's options, or the word a number setting may take instead ("auto"). */
  choices?: string[];
  nullable: boolean;
}

/** Every setting, read off the contract's schema so ranges and choices are written once. */
export const settingFields: readonly SettingField[] = Object.entries(settingsSchema.shape).flatMap(([section, sectionSchema]) =>
  Object.entries(sectionSchema.shape).map(([name, schema]) => fieldOf(section as SettingsSection, name, schema)),
);

function fieldOf(section: SettingsSection, name: string, schema: z.ZodType): SettingField {
  const nullable = schema instanceof z.ZodNullable;
  const inner = schema instanceof z.ZodNullable ? (schema.unwrap() as z.ZodType) : schema;
  const options = inner instanceof z.ZodUnion ? (inner.options as z.ZodType[]) : [inner];
  const field: SettingField = { key: `${section}.${name}` as SettingKey, section, name, schema, nullable };
  const choices: string[] = [];
  for (const option of options) {
    if (option instanceof z.ZodNumber) {
      field.range = { min: option.minValue ?? -Infinity, max: option.maxValue ?? Infinity, integer: option.isInt ?? false };
    } else if (option instanceof z.ZodEnum) {
      choices.push(...(option.options as string[]));
    } else if (option instanceof z.ZodLiteral) {
      choices.push(...[...option.values].map(String));
    }
  }
  if (choices.length > 0) field.choices = choices;
  return field;
}

export function valueAt(settings: Settings, field: SettingField): unknown {
  return (settings[field.section] as Record<string, unknown>)[field.name];
}

export function describeSettings(defaults: Settings): SettingDescription[] {
  return settingFields.map((field) => {
    const defaultValue = valueAt(defaults, field) as SettingDescription["defaultValue"];
    return {
      key: field.key,
      section: field.section,
      applies: applies[field.key],
      defaultValue,
      ...(field.range && {
        ...(Number.isFinite(field.range.min) && { min: field.range.min }),
        ...(Number.isFinite(field.range.max) && { max: field.range.max }),
        integer: field.range.integer,
      }),
      ...(field.choices && { choices: field.choices }),
      ...(field.nullable && { nullable: true }),
    };
  });
}
