import { useId, type ReactNode } from "react";
import { formatNumber } from "../../i18n/format-number.ts";
import { useTranslation } from "../../i18n/index.ts";
import { descriptionOf } from "../../state/settings-state.ts";
import { useAppState } from "../../state/StoreProvider.tsx";
import "./SettingField.css";

/** What the control inside a field needs to be labelled and described. */
export interface FieldControl {
  id: string;
  "aria-describedby": string;
  "aria-invalid": boolean;
}

interface SettingFieldProps {
  /** "section.name", as in `settings.describe`. */
  settingKey: string;
  label: string;
  help?: string | undefined;
  /** Why main refused the last value (shown next to the field). */
  error: string | null;
  /** Something shown beside the control, e.g. the memory a context size takes. */
  extra?: ReactNode;
  /** How the default is written (a choice's name, "random" for a null seed…); numbers in the UI's language otherwise. */
  formatValue?: (value: string | number | boolean | null) => string;
  children: (control: FieldControl) => ReactNode;
}

/** One setting: its label, the control, its range and default, when a change applies, and any refusal. */
export function SettingField({ settingKey, label, help, error, extra, formatValue, children }: SettingFieldProps) {
  const { t, i18n } = useTranslation("common");
  const number = (value: number) => formatNumber(value, i18n.language);
  const written = formatValue ?? ((value: string | number | boolean | null) => (typeof value === "number" ? number(value) : String(value)));
  const description = useAppState((s) => descriptionOf(s.settings, settingKey));
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;

  const facts: string[] = [];
  if (help) facts.push(help);
  if (description?.min !== undefined && description.max !== undefined) {
    facts.push(t("settings.range", { min: number(description.min), max: number(description.max) }));
  }
  // A list's default (no web origins) says nothing worth a line.
  if (description && description.defaultValue !== "" && !Array.isArray(description.defaultValue)) {
    facts.push(t("settings.default", { value: written(description.defaultValue) }));
  }

  return (
    <div className="setting-field">
      <label className="setting-field__label" htmlFor={id}>
        {label}
      </label>
      <div className="setting-field__control">
        {children({ id, "aria-describedby": error ? `${hintId} ${errorId}` : hintId, "aria-invalid": error !== null })}
        {extra}
      </div>
      <p id={hintId} className="setting-field__hint">
        {facts.join(t("stats.separator"))}
        {description && <span className={`setting-field__applies setting-field__applies--${description.applies}`}>{t(`settings.applies.${description.applies}`)}</span>}
      </p>
      {error && (
        <p id={errorId} className="setting-field__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
