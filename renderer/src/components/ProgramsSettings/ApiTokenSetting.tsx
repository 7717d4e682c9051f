import { useId } from "react";
import { useTranslation } from "../../i18n/index.ts";
import { CopyButton } from "../CopyButton/CopyButton.tsx";

interface ApiTokenSettingProps {
  hasToken: boolean;
  /** The token just made, shown this once; null otherwise. */
  shownToken: string | null;
  onMake: () => void;
}

/** The token devices on the network send: shown once when made, with Copy; "New token" revokes the old one. */
export function ApiTokenSetting({ hasToken, shownToken, onMake }: ApiTokenSettingProps) {
  const { t } = useTranslation("programs");
  const id = useId();
  return (
    <div className="programs-settings__token" role="group" aria-labelledby={`${id}-label`}>
      <span id={`${id}-label`} className="setting-field__label">
        {t("token.label")}
      </span>
      {shownToken ? (
        <div className="programs-settings__token-shown">
          <input className="setting-input setting-input--wide" readOnly value={shownToken} aria-label={t("token.value")} aria-describedby={`${id}-once`} spellCheck={false} />
          <CopyButton text={shownToken} label={t("token.copy")} />
          <p id={`${id}-once`} className="programs-settings__once" role="alert">
            {t("token.shown")}
          </p>
        </div>
      ) : (
        <p className="programs-settings__hint">{hasToken ? t("token.stored") : t("token.none")}</p>
      )}
      <button type="button" className="button" aria-describedby={hasToken ? `${id}-renew` : undefined} onClick={onMake}>
        {hasToken ? t("token.renew") : t("token.make")}
      </button>
      {hasToken && (
        <p id={`${id}-renew`} className="programs-settings__hint">
          {t("token.renewHelp")}
        </p>
      )}
    </div>
  );
}
