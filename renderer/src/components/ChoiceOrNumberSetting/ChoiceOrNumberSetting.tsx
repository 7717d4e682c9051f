import { useState, type KeyboardEvent, type ReactNode } from "react";
import type { SettingsPatch, SettingsSection } from "../../../../electron/common/contract/app/settings.ts";
import { formatNumber } from "../../i18n/format-number.ts";
import { useTranslation } from "../../i18n/index.ts";
import { descriptionOf } from "../../state/settings-state.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import { SettingField } from "../SettingField/SettingField.tsx";

interface ChoiceOrNumberSettingProps {
  section: SettingsSection;
  name: string;
  /** The word ("auto", "forever") or a number. */
  value: string | number;
  word: string;
  label: string;
  help?: string;
  /** What the reader sees for the word, and for "a number of…". */
  wordLabel: string;
  numberLabel: string;
  /** After the number field, e.g. "tokens" or "minutes". */
  unit: string;
  /** The number proposed when switching from the word to a number. */
  suggested: number;
  extra?: ReactNode;
}

/** A setting that is a word or a number: context size ("auto" or tokens), keep-alive ("forever" or minutes). */
export function ChoiceOrNumberSetting(props: ChoiceOrNumberSettingProps) {
  const { section, name, value, word, label, help, wordLabel, numberLabel, unit, suggested, extra } = props;
  const { t, i18n } = useTranslation("common");
  const { settings } = useActions();
  const description = useAppState((s) => descriptionOf(s.settings, `${section}.${name}`));
  const [draft, setDraft] = useState(typeof value === "number" ? String(value) : String(suggested));
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    if (typeof value === "number") setDraft(String(value));
    setError(null);
  }

  const save = async (next: string | number) => {
    if (next === value) return setError(null);
    setError(await settings.update({ [section]: { [name]: next } } as SettingsPatch));
  };

  const commitNumber = () => {
    const parsed = Number(draft.trim());
    if (draft.trim() === "" || !Number.isFinite(parsed)) return setError(t("settings.notANumber"));
    void save(parsed);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    commitNumber();
  };

  const isWord = value === word;
  return (
    <SettingField
      settingKey={`${section}.${name}`}
      label={label}
      help={help}
      error={error}
      extra={extra}
      formatValue={(v) => (v === word ? wordLabel : `${typeof v === "number" ? formatNumber(v, i18n.language) : String(v)} ${unit}`)}
    >
      {(control) => (
        <>
          <select
            {...control}
            className="setting-input setting-input--select"
            value={isWord ? "word" : "number"}
            onChange={(event) => void save(event.target.value === "word" ? word : Number(draft) || suggested)}
          >
            <option value="word">{wordLabel}</option>
            <option value="number">{numberLabel}</option>
          </select>
          {!isWord && (
            <>
              <input
                className="setting-input"
                type="number"
                aria-label={t("settings.amountOf", { setting: label, unit })}
                aria-invalid={error !== null}
                min={description?.min}
                max={description?.max}
                step={1}
                value={draft}
                onChange={(event) => setDraft(event.target.value)}
                onBlur={commitNumber}
                onKeyDown={onKeyDown}
              />
              <span className="setting-field__unit">{unit}</span>
            </>
          )}
        </>
      )}
    </SettingField>
  );
}
