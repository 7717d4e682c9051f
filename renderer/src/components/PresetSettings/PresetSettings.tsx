import { useId, useState } from "react";
import type { Preset, PresetDraft } from "../../../../electron/common/contract/app/presets.ts";
import { formatNumber } from "../../i18n/format-number.ts";
import { useTranslation } from "../../i18n/index.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import { presetName } from "../ChatPickers/preset-name.ts";
import { PresetEditor, presetSamplingKeys } from "../PresetEditor/PresetEditor.tsx";
import "./PresetSettings.css";

const emptyDraft: PresetDraft = { name: "", systemPrompt: null, sampling: {} };

/** "temperature 0.2 · top-p 0.9": what a preset sets, in the UI's words and number format. */
function useSummary(): (preset: Preset) => string {
  const { t, i18n } = useTranslation("common");
  return (preset) =>
    presetSamplingKeys
      .filter((key) => preset.sampling[key] !== undefined)
      .map((key) => `${t(`settings.sampling.${key}`)} ${formatNumber(preset.sampling[key] ?? 0, i18n.language)}`)
      .join(t("stats.separator"));
}

/** The presets: built-in ones to copy, the user's to edit or delete, and "New preset". */
export function PresetSettings() {
  const { t } = useTranslation("workspace");
  const presets = useAppState((s) => s.presets);
  const { presets: actions } = useActions();
  const headingId = useId();
  const summary = useSummary();
  const [editing, setEditing] = useState<PresetDraft | null>(null);

  const copyOf = (preset: Preset): PresetDraft => ({
    name: t("presets.copyName", { name: presetName(preset, t) }),
    systemPrompt: preset.systemPrompt,
    sampling: { ...preset.sampling },
  });

  return (
    <section className="settings-section preset-settings" aria-labelledby={headingId}>
      <header className="settings-section__header">
        <h3 id={headingId} className="settings-section__title">
          {t("presets.title")}
        </h3>
        <button type="button" className="button settings-section__reset" disabled={editing !== null} onClick={() => setEditing(emptyDraft)}>
          {t("presets.new")}
        </button>
      </header>
      <p className="settings-section__description">{t("presets.description")}</p>
      {editing && <PresetEditor key={editing.id ?? "new"} initial={editing} onDone={() => setEditing(null)} />}
      <ul className="preset-settings__list">
        {presets.map((preset) => {
          const name = presetName(preset, t);
          return (
            <li key={preset.id} className="preset-settings__item">
              <div className="preset-settings__text">
                <p className="preset-settings__name">
                  {name}
                  {preset.builtIn && <span className="preset-settings__badge">{t("presets.builtIn")}</span>}
                </p>
                <p className="preset-settings__summary">{summary(preset)}</p>
                <p className="preset-settings__prompt">{preset.systemPrompt ?? t("presets.noPrompt")}</p>
              </div>
              <div className="preset-settings__actions">
                {!preset.builtIn && (
                  <button type="button" className="button" aria-label={t("presets.editLabel", { name })} onClick={() => setEditing({ ...preset })}>
                    {t("presets.edit")}
                  </button>
                )}
                <button type="button" className="button" aria-label={t("presets.copyLabel", { name })} onClick={() => setEditing(copyOf(preset))}>
                  {t("presets.copy")}
                </button>
                {!preset.builtIn && (
                  <button type="button" className="button" aria-label={t("presets.deleteLabel", { name })} onClick={() => void actions.remove(preset.id)}>
                    {t("presets.delete")}
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
