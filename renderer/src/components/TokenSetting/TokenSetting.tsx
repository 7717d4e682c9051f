import { useState, type FormEvent } from "react";
import { useTranslation } from "../../i18n/index.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import { SettingField } from "../SettingField/SettingField.tsx";
import "./TokenSetting.css";

/**
 * The Hugging Face access token (for gated models): set or clear it, and say whether it is stored
 * encrypted. The token itself is never shown again once stored.
 */
export function TokenSetting() {
  const { t } = useTranslation("common");
  const { settings } = useActions();
  const token = useAppState((s) => s.settings.token);
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (draft.trim() === "") return;
    const refused = await settings.setToken(draft.trim());
    setError(refused);
    if (refused === null) setDraft("");
  };

  const clear = async () => {
    setError(await settings.setToken(null));
  };

  const status = !token
    ? t("settings.token.unknown")
    : !token.hasToken
      ? t("settings.token.none")
      : token.encrypted
        ? t("settings.token.storedEncrypted")
        : t("settings.token.storedPlain");

  return (
    <SettingField settingKey="network.token" label={t("settings.token.label")} help={t("settings.token.help")} error={error}>
      {(control) => (
        <form className="token-setting" onSubmit={(event) => void save(event)}>
          <input
            {...control}
            className="setting-input setting-input--wide"
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder={token?.hasToken ? t("settings.token.replacePlaceholder") : t("settings.token.placeholder")}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
          />
          <button type="submit" className="button" disabled={draft.trim() === ""}>
            {t("settings.token.save")}
          </button>
          {token?.hasToken && (
            <button type="button" className="button" onClick={() => void clear()}>
              {t("settings.token.clear")}
            </button>
          )}
          <p className={`token-setting__status${token?.hasToken && !token.encrypted ? " token-setting__status--plain" : ""}`}>
            {status}
          </p>
        </form>
      )}
    </SettingField>
  );
}
