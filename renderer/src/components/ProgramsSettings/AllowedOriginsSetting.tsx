import { useEffect, useState } from "react";
import { useTranslation } from "../../i18n/index.ts";
import { useActions } from "../../state/StoreProvider.tsx";
import { SettingField } from "../SettingField/SettingField.tsx";

const linesOf = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");

/** The web pages (origins) that may call the API from a browser, one a line, saved when the box loses focus. */
export function AllowedOriginsSetting({ origins }: { origins: readonly string[] }) {
  const { t } = useTranslation("programs");
  const { settings } = useActions();
  const [draft, setDraft] = useState(origins.join("\n"));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setDraft(origins.join("\n")), [origins]);

  const commit = async () => {
    const next = linesOf(draft);
    if (next.join("\n") === origins.join("\n")) return setError(null);
    setError(await settings.update({ api: { allowedOrigins: next } }));
  };

  return (
    <SettingField settingKey="api.allowedOrigins" label={t("origins.label")} help={t("origins.help")} error={error}>
      {(control) => (
        <textarea
          {...control}
          className="setting-input setting-input--wide programs-settings__origins"
          rows={Math.max(2, linesOf(draft).length + 1)}
          spellCheck={false}
          placeholder={t("origins.placeholder")}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onBlur={() => void commit()}
        />
      )}
    </SettingField>
  );
}
