import type { BuiltInPresetId, Preset, PresetSampling } from "../../../common/contract/app/presets.ts";
import type { Settings } from "../../../common/contract/app/settings.ts";

type Language = Settings["appearance"]["language"];

/**
 * Our own starting points, not published figures: "Balanced" is the Settings defaults; "Precise" and "Code" sample
 * narrowly (low temperature, smaller top-p) so answers repeat and stay on topic; "Creative" widens the choice.
 * min-p and the repeat penalty stay as in Settings.
 */
const sampling: Record<BuiltInPresetId, PresetSampling> = {
  precise: { temperature: 0.2, topK: 40, topP: 0.9 },
  balanced: { temperature: 0.8, topK: 40, topP: 0.95 },
  creative: { temperature: 1.1, topK: 100, topP: 0.98 },
  code: { temperature: 0.2, topK: 40, topP: 0.9, maxTokens: 2048 },
};

/** In the UI's language: Gemma tends to answer in the language it is addressed in. */
const codePrompt: Record<Language, string> = {
  en: "You are a careful programming assistant. Give working code in fenced Markdown blocks that name the language, then explain it briefly.",
  "zh-CN": "你是一位严谨的编程助手。请用标明语言的 Markdown 代码块给出可运行的代码，然后简要说明。",
};

/** Built-in presets carry their id as name; the renderer shows the translated name. */
export function builtInPresets(language: Language): Preset[] {
  return (Object.keys(sampling) as BuiltInPresetId[]).map((id) => ({
    id,
    name: id,
    builtIn: true,
    systemPrompt: id === "code" ? codePrompt[language] : null,
    sampling: { ...sampling[id] },
  }));
}
