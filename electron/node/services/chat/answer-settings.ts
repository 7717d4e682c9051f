import type { ContextOverflow, Conversation, Preset, Sampling } from "../../../common/contract/index.ts";

export type { ContextOverflow };

/** Where an answer's settings come from: Settings, overlaid by the chat's preset, overlaid by the chat's own prompt. */
export interface AnswerSettingsSources {
  /** The sampling settings of the moment (read for every answer, so a change applies to the next one). */
  sampling: () => Sampling | undefined;
  defaultSystemPrompt: () => string;
  findPreset: (id: string) => Preset | undefined;
  contextOverflow: () => ContextOverflow;
}

export interface AnswerSettings {
  sampling: Sampling | undefined;
  /** undefined: no system prompt. */
  systemPrompt: string | undefined;
  overflow: ContextOverflow;
}

/**
 * The chat's preset replaces the sampling values it holds (the rest come from Settings) and, when it has one, the
 * default system prompt; a chat's own system prompt wins over both. A preset deleted meanwhile counts as none.
 */
export function answerSettingsFor(conversation: Conversation, sources: AnswerSettingsSources): AnswerSettings {
  const preset = conversation.presetId === undefined ? undefined : sources.findPreset(conversation.presetId);
  const base = sources.sampling();
  const sampling = preset ? { ...base, ...preset.sampling } : base;
  const prompt = conversation.systemPrompt ?? preset?.systemPrompt ?? sources.defaultSystemPrompt();
  return { sampling, systemPrompt: prompt === "" ? undefined : prompt, overflow: sources.contextOverflow() };
}
