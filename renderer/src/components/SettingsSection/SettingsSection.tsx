import { useId, type ReactNode } from "react";
import type { SettingsSection as Section } from "../../../../electron/common/contract/app/settings.ts";
import { useTranslation } from "../../i18n/index.ts";
import { useActions } from "../../state/StoreProvider.tsx";
import "./SettingsSection.css";

interface SettingsSectionProps {
  section: Section;
  title: string;
  description?: string;
  /** Offer "Reset to defaults" for this section. */
  resettable?: boolean;
  children: ReactNode;
}

/** A titled group of settings, with "Reset to defaults" for the group. */
export function SettingsSection({ section, title, description, resettable = true, children }: SettingsSectionProps) {
  const { t } = useTranslation("common");
  const { settings } = useActions();
  const headingId = useId();
  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <header className="settings-section__header">
        <h3 id={headingId} className="settings-section__title">
          {title}
        </h3>
        {resettable && (
          <button
            type="button"
            className="button settings-section__reset"
            aria-label={t("settings.resetSection", { section: title })}
            onClick={() => void settings.reset(section)}
          >
            {t("settings.reset")}
          </button>
        )}
      </header>
      {description && <p className="settings-section__description">{description}</p>}
      {children}
    </section>
  );
}
