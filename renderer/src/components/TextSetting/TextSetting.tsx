import { useState, type KeyboardEvent } from "react";
import type { SettingsPatch, SettingsSection } from "../../../../electron/common/contract/app/settings.ts";
import { useActions } from "../../state/StoreProvider.tsx";
import { SettingField } from "../SettingField/SettingField.tsx";

interface TextSettingProps {
  section: SettingsSection;
  name: string;
  value: string;
  label: string;
  help?: string;
  /** A multi-line text (a system prompt) instead of one line. */
  multiline?: boolean;
  type?: "text" | "url";
}

/** A text setting, saved when the field is left (or Enter, on one line); main's refusal shows next to it. */
export function TextSetting({ section, name, value, label, help, multiline = false, type = "text" }: TextSettingProps) {
  const { settings } = useActions();
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setDraft(value);
    setError(null);
  }

  const commit = async () => {
    const next = multiline ? draft : draft.trim();
    if (next === value) return setError(null);
    setError(await settings.update({ [section]: { [name]: next } } as SettingsPatch));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    void commit();
  };

  return (
    <SettingField settingKey={`${section}.${name}`} label={label} help={help} error={error}>
      {(control) =>
        multiline ? (
          <textarea
            {...control}
            className="setting-input setting-input--wide setting-input--area"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            onBlur={() => void commit()}
          />
        ) : (
          <input
            {...control}
            className="setting-input setting-input--wide"
            type={type}
            spellCheck={false}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            onBlur={() => void commit()}
            onKeyDown={onKeyDown}
          />
        )
      }
    </SettingField>
  );
}
