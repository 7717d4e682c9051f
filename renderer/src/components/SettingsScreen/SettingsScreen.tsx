import type { Settings } from "../../../../electron/common/contract/app/settings.ts";
import { useTranslation } from "../../i18n/index.ts";
import { useAppState } from "../../state/StoreProvider.tsx";
import { ModelSettings } from "../ModelSettings/ModelSettings.tsx";
import { NumberSetting } from "../NumberSetting/NumberSetting.tsx";
import { PresetSettings } from "../PresetSettings/PresetSettings.tsx";
import { ProgramsSettings } from "../ProgramsSettings/ProgramsSettings.tsx";
import { RemoteServerSettings } from "../RemoteServerSettings/RemoteServerSettings.tsx";
import { SelectSetting } from "../SelectSetting/SelectSetting.tsx";
import { SettingsSection } from "../SettingsSection/SettingsSection.tsx";
import { TextSetting } from "../TextSetting/TextSetting.tsx";
import { TokenSetting } from "../TokenSetting/TokenSetting.tsx";
import "./SettingsScreen.css";

function SamplingSettings({ sampling }: { sampling: Settings["sampling"] }) {
  const { t } = useTranslation("common");
  const field = (name: keyof Settings["sampling"], step?: number, emptyLabel?: string) => (
    <NumberSetting
      section="sampling"
      name={name}
      value={sampling[name]}
      label={t(`settings.sampling.${name}`)}
      help={t(`settings.sampling.${name}Help`)}
      {...(step !== undefined && { step })}
      {...(emptyLabel !== undefined && { emptyLabel })}
    />
  );
  return (
    <SettingsSection section="sampling" title={t("settings.sampling.title")} description={t("settings.sampling.description")}>
      {field("temperature", 0.05)}
      {field("topK")}
      {field("topP", 0.01)}
      {field("minP", 0.01)}
      {field("repeatPenalty", 0.01)}
      {field("repeatLastTokens")}
      {field("seed", 1, t("settings.sampling.seedRandom"))}
      {field("maxTokens")}
    </SettingsSection>
  );
}

function ChatSettings({ chat }: { chat: Settings["chat"] }) {
  const { t } = useTranslation("common");
  return (
    <SettingsSection section="chat" title={t("settings.chat.title")}>
      <TextSetting
        section="chat"
        name="defaultSystemPrompt"
        value={chat.defaultSystemPrompt}
        label={t("settings.chat.defaultSystemPrompt")}
        help={t("systemPrompt.gemmaNote")}
        multiline
      />
      <SelectSetting
        section="chat"
        name="contextOverflow"
        value={chat.contextOverflow}
        label={t("settings.chat.contextOverflow")}
        help={t("settings.chat.contextOverflowHelp")}
        options={[
          { value: "drop-oldest", label: t("settings.chat.dropOldest") },
          { value: "stop", label: t("settings.chat.stopAtLimit") },
        ]}
      />
    </SettingsSection>
  );
}

function AppearanceSettings({ appearance }: { appearance: Settings["appearance"] }) {
  const { t } = useTranslation("common");
  const themes = (["system", "light", "dark"] as const).map((value) => ({ value, label: t(`settings.appearance.theme_${value}`) }));
  const languages = (["en", "zh-CN"] as const).map((value) => ({ value, label: t(`language.${value}`) }));
  return (
    <SettingsSection section="appearance" title={t("settings.appearance.title")}>
      <SelectSetting section="appearance" name="theme" value={appearance.theme} label={t("settings.appearance.theme")} options={themes} />
      <NumberSetting section="appearance" name="fontSize" value={appearance.fontSize} label={t("settings.appearance.fontSize")} />
      <SelectSetting section="appearance" name="language" value={appearance.language} label={t("settings.appearance.language")} options={languages} />
    </SettingsSection>
  );
}

function NetworkSettings({ network }: { network: Settings["network"] }) {
  const { t } = useTranslation("common");
  return (
    <SettingsSection section="network" title={t("settings.network.title")} description={t("settings.network.description")}>
      <TextSetting
        section="network"
        name="huggingFaceEndpoint"
        value={network.huggingFaceEndpoint}
        label={t("settings.network.endpoint")}
        help={t("settings.network.endpointHelp")}
        type="url"
      />
      <TextSetting
        section="network"
        name="ollamaRegistry"
        value={network.ollamaRegistry}
        label={t("settings.network.ollamaRegistry")}
        help={t("settings.network.ollamaRegistryHelp")}
        type="url"
      />
      <TokenSetting />
    </SettingsSection>
  );
}

/** Every setting, grouped; each says when a change applies. Changes are saved as they are made. */
export function SettingsScreen() {
  const { t } = useTranslation("common");
  const settings = useAppState((s) => s.settings.value);
  return (
    <section className="settings-screen" aria-labelledby="settings-title">
      <h2 id="settings-title" className="settings-screen__title">
        {t("settings.title")}
      </h2>
      <p className="settings-screen__intro">{t("settings.intro")}</p>
      {settings === null ? (
        <p className="settings-screen__intro">{t("settings.loading")}</p>
      ) : (
        <div className="settings-screen__sections">
          <SamplingSettings sampling={settings.sampling} />
          <ModelSettings model={settings.model} />
          <ChatSettings chat={settings.chat} />
          <PresetSettings />
          <AppearanceSettings appearance={settings.appearance} />
          <NetworkSettings network={settings.network} />
          <ProgramsSettings api={settings.api} />
          <RemoteServerSettings />
        </div>
      )}
    </section>
  );
}
