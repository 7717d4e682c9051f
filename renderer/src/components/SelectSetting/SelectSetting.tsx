import { useState } from "react";
import type { SettingsPatch, SettingsSection } from "../../../../electron/common/contract/app/settings.ts";
import { useActions } from "../../state/StoreProvider.tsx";
import { SettingField } from "../SettingField/SettingField.tsx";

interface SelectSettingProps {
  section: SettingsSection;
  name: string;
  value: string;
  label: string;
  help?: string;
  /** Each choice's value and what the reader sees. */
  options: readonly { value: string; label: string }[];
}

/** A setting with fixed choices, saved as soon as one is picked. */
export function SelectSetting({ section, name, value, label, help, options }: SelectSettingProps) {
  const { settings } = useActions();
  const [error, setError] = useState<string | null>(null);
  const labelOf = (choice: unknown) => options.find((o) => o.value === choice)?.label ?? String(choice);

  const pick = async (next: string) => {
    if (next === value) return;
    setError(await settings.update({ [section]: { [name]: next } } as SettingsPatch));
  };

  return (
    <SettingField settingKey={`${section}.${name}`} label={label} help={help} error={error} formatValue={labelOf}>
      {(control) => (
        <select {...control} className="setting-input setting-input--select" value={value} onChange={(event) => void pick(event.target.value)}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </SettingField>
  );
}
