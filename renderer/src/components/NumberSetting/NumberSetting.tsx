import { useState, type KeyboardEvent } from "react";
import type { SettingsPatch, SettingsSection } from "../../../../electron/common/contract/app/settings.ts";
import { formatNumber } from "../../i18n/format-number.ts";
import { useTranslation } from "../../i18n/index.ts";
import { descriptionOf } from "../../state/settings-state.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import { SettingField } from "../SettingField/SettingField.tsx";

interface NumberSettingProps {
  section: SettingsSection;
  name: string;
  value: number | null;
  label: string;
  help?: string;
  step?: number;
  /** May be left empty (null), e.g. the seed: "random". */
  emptyLabel?: string;
}

/** Parses what was typed: a number, null when empty is allowed, undefined when it is not a number. */
function parse(text: string, nullable: boolean): number | null | undefined {
  const trimmed = text.trim().replace(",", ".");
  if (trimmed === "") return nullable ? null : undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * A number setting. Saved when the field is left or Enter is pressed; main checks the range and a
 * refusal is shown next to the field (the typed value stays, to be corrected).
 */
export function NumberSetting({ section, name, value, label, help, step, emptyLabel }: NumberSettingProps) {
  const { t, i18n } = useTranslation("common");
  const { settings } = useActions();
  const description = useAppState((s) => descriptionOf(s.settings, `${section}.${name}`));
  const [draft, setDraft] = useState(value === null ? "" : String(value));
  const [error, setError] = useState<string | null>(null);
  const nullable = emptyLabel !== undefined;
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    // Changed elsewhere (a reset, another window): show the new value.
    setShown(value);
    setDraft(value === null ? "" : String(value));
    setError(null);
  }

  const commit = async () => {
    const parsed = parse(draft, nullable);
    if (parsed === undefined) {
      setError(t("settings.notANumber"));
      return;
    }
    if (parsed === value) {
      setError(null);
      return;
    }
    const patch = { [section]: { [name]: parsed } } as SettingsPatch;
    setError(await settings.update(patch));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter") {
      event.preventDefault();
      void commit();
    }
  };

  return (
    <SettingField
      settingKey={`${section}.${name}`}
      label={label}
      help={help}
      error={error}
      formatValue={(v) => (v === null && emptyLabel ? emptyLabel : typeof v === "number" ? formatNumber(v, i18n.language) : String(v))}
    >
      {(control) => (
        <input
          {...control}
          className="setting-input"
          type="number"
          inputMode="decimal"
          min={description?.min}
          max={description?.max}
          step={step ?? (description?.integer ? 1 : "any")}
          placeholder={emptyLabel}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onBlur={() => void commit()}
          onKeyDown={onKeyDown}
        />
      )}
    </SettingField>
  );
}
