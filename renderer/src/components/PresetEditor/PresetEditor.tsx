import { useId, useState, type FormEvent } from "react";
import type { PresetDraft, PresetSampling } from "../../../../electron/common/contract/app/presets.ts";
import { useTranslation } from "../../i18n/index.ts";
import { useActions } from "../../state/StoreProvider.tsx";
import "./PresetEditor.css";

/** The sampling values a preset may set, in the order Settings lists them. */
export const presetSamplingKeys = ["temperature", "topK", "topP", "minP", "repeatPenalty", "maxTokens"] as const satisfies readonly (keyof PresetSampling)[];

interface PresetEditorProps {
  /** The preset to change (with its id), or a new one's starting values (without). */
  initial: PresetDraft;
  onDone(): void;
}

/** A user preset: its name, system prompt and the sampling values it sets (empty: as in Settings). Main checks the ranges. */
export function PresetEditor({ initial, onDone }: PresetEditorProps) {
  const { t } = useTranslation("workspace");
  const { presets } = useActions();
  const baseId = useId();
  const [name, setName] = useState(initial.name);
  const [prompt, setPrompt] = useState(initial.systemPrompt ?? "");
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(presetSamplingKeys.map((key) => [key, initial.sampling[key] === undefined ? "" : String(initial.sampling[key])])),
  );
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const sampling: PresetSampling = {};
    for (const key of presetSamplingKeys) {
      const text = (values[key] ?? "").trim().replace(",", ".");
      if (text !== "") sampling[key] = Number(text);
    }
    setSaving(true);
    const saved = await presets.save({
      ...(initial.id !== undefined && { id: initial.id }),
      name: name.trim(),
      systemPrompt: prompt.trim() === "" ? null : prompt.trim(),
      sampling,
    });
    setSaving(false);
    if (saved) onDone();
  };

  return (
    <form className="preset-editor" aria-label={t("presets.editorLabel")} onSubmit={(event) => void submit(event)}>
      <label className="preset-editor__field">
        <span>{t("presets.name")}</span>
        <input className="setting-input setting-input--wide" required maxLength={60} value={name} onChange={(event) => setName(event.target.value)} />
      </label>
      <label className="preset-editor__field">
        <span>{t("presets.systemPrompt")}</span>
        <textarea
          className="setting-input setting-input--wide setting-input--area"
          placeholder={t("presets.systemPromptNone")}
          value={prompt}
          onChange={(event) => setPrompt(event.target.value)}
        />
      </label>
      <div className="preset-editor__numbers">
        {presetSamplingKeys.map((key) => (
          <label key={key} className="preset-editor__number" htmlFor={`${baseId}-${key}`}>
            <span>{t(`common:settings.sampling.${key}`)}</span>
            <input
              id={`${baseId}-${key}`}
              className="setting-input"
              type="number"
              inputMode="decimal"
              step="any"
              placeholder={t("presets.fromSettings")}
              value={values[key] ?? ""}
              onChange={(event) => setValues((current) => ({ ...current, [key]: event.target.value }))}
            />
          </label>
        ))}
      </div>
      <div className="preset-editor__buttons">
        <button type="button" className="button" onClick={onDone}>
          {t("presets.cancel")}
        </button>
        <button type="submit" className="button button--primary" disabled={saving || name.trim() === ""}>
          {t("presets.save")}
        </button>
      </div>
    </form>
  );
}
