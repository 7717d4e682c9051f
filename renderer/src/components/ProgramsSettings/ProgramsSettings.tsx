import { useState } from "react";
import type { Settings, SettingsPatch } from "../../../../electron/common/contract/app/settings.ts";
import { useTranslation } from "../../i18n/index.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import { SettingField } from "../SettingField/SettingField.tsx";
import { SettingsSection } from "../SettingsSection/SettingsSection.tsx";
import { AllowedOriginsSetting } from "./AllowedOriginsSetting.tsx";
import { ApiAddresses } from "./ApiAddresses.tsx";
import { ApiTokenSetting } from "./ApiTokenSetting.tsx";
import "./ProgramsSettings.css";

/**
 * Settings → Programs: the Ollama- and OpenAI-compatible API for other programs. Off by default; on this Pi only, or
 * also for devices on the network with a token shown once. Main runs (and restarts) the API as these settings say.
 */
export function ProgramsSettings({ api }: { api: Settings["api"] }) {
  const { t } = useTranslation("programs");
  const { settings } = useActions();
  const status = useAppState((s) => s.settings.apiAccess);
  const [error, setError] = useState<string | null>(null);
  /** The token just made: shown until the user leaves the screen, never again. */
  const [shownToken, setShownToken] = useState<string | null>(null);
  const onOff = (value: unknown) => (value === true ? t("on") : t("off"));

  const save = async (patch: NonNullable<SettingsPatch["api"]>) => {
    const refused = await settings.update({ api: patch });
    setError(refused);
    return refused === null;
  };
  const makeToken = async () => setShownToken(await settings.newApiToken());
  const setNetwork = async (on: boolean) => {
    // Turning the network on with no token makes one, so the user leaves with what devices need.
    if ((await save({ network: on })) && on && status?.hasToken === false) await makeToken();
  };

  return (
    <SettingsSection section="api" title={t("title")} description={t("description")}>
      <SettingField settingKey="api.local" label={t("local")} help={t("localHelp")} error={error} formatValue={onOff}>
        {(control) => (
          <input {...control} type="checkbox" className="programs-settings__switch" checked={api.local} onChange={(event) => void save(event.target.checked ? { local: true } : { local: false, network: false })} />
        )}
      </SettingField>
      <SettingField settingKey="api.network" label={t("network")} help={api.local ? t("networkHelp") : `${t("networkHelp")} ${t("needsLocal")}`} error={null} formatValue={onOff}>
        {(control) => (
          <input {...control} type="checkbox" className="programs-settings__switch" checked={api.network} disabled={!api.local} onChange={(event) => void setNetwork(event.target.checked)} />
        )}
      </SettingField>
      <SettingField settingKey="api.keepChats" label={t("keepChats")} help={t("keepChatsHelp")} error={null} formatValue={onOff}>
        {(control) => <input {...control} type="checkbox" className="programs-settings__switch" checked={api.keepChats} onChange={(event) => void save({ keepChats: event.target.checked })} />}
      </SettingField>
      {status && <ApiAddresses status={status} />}
      {api.network && status && <ApiTokenSetting hasToken={status.hasToken} shownToken={shownToken} onMake={() => void makeToken()} />}
      <AllowedOriginsSetting origins={api.allowedOrigins} />
    </SettingsSection>
  );
}
