import type { Settings } from "../../../../electron/common/contract/app/settings.ts";
import { formatNumber } from "../../i18n/format-number.ts";
import { useTranslation } from "../../i18n/index.ts";
import { useAppState } from "../../state/StoreProvider.tsx";
import { ChoiceOrNumberSetting } from "../ChoiceOrNumberSetting/ChoiceOrNumberSetting.tsx";
import { NumberSetting } from "../NumberSetting/NumberSetting.tsx";
import { SettingsSection } from "../SettingsSection/SettingsSection.tsx";
import { formatMemory, kvCacheBytes, loadedContextSize, loadedModelShape } from "./context-memory.ts";
import "./ModelSettings.css";

/** Beside the context size: the RAM it takes with the loaded model, or what the model runs with now. */
function ContextMemory({ contextSize }: { contextSize: number | "auto" }) {
  const { t, i18n } = useTranslation("common");
  const shape = useAppState(loadedModelShape);
  const current = useAppState(loadedContextSize);
  const tokens = contextSize === "auto" ? current : contextSize;
  if (shape && tokens !== undefined) {
    const size = formatMemory(kvCacheBytes(shape, tokens), i18n.language);
    return <span className="model-settings__memory">{t("settings.model.contextMemory", { size, tokens: formatNumber(tokens, i18n.language) })}</span>;
  }
  if (current !== undefined) return <span className="model-settings__memory">{t("settings.model.contextNow", { tokens: formatNumber(current, i18n.language) })}</span>;
  return null;
}

/** How the model is loaded: context size, threads, batch size; and how long it stays loaded. */
export function ModelSettings({ model }: { model: Settings["model"] }) {
  const { t } = useTranslation("common");
  const current = useAppState(loadedContextSize);
  return (
    <SettingsSection section="model" title={t("settings.model.title")} description={t("settings.model.description")}>
      <ChoiceOrNumberSetting
        section="model"
        name="contextSize"
        value={model.contextSize}
        word="auto"
        label={t("settings.model.contextSize")}
        help={t("settings.model.contextSizeHelp")}
        wordLabel={t("settings.model.contextAuto")}
        numberLabel={t("settings.model.contextFixed")}
        unit={t("settings.unit.tokens")}
        suggested={current ?? 4096}
        extra={<ContextMemory contextSize={model.contextSize} />}
      />
      <NumberSetting section="model" name="threads" value={model.threads} label={t("settings.model.threads")} help={t("settings.model.threadsHelp")} />
      <NumberSetting section="model" name="batchSize" value={model.batchSize} label={t("settings.model.batchSize")} help={t("settings.model.batchSizeHelp")} />
      <ChoiceOrNumberSetting
        section="model"
        name="keepAlive"
        value={model.keepAlive}
        word="forever"
        label={t("settings.model.keepAlive")}
        help={t("settings.model.keepAliveHelp")}
        wordLabel={t("settings.model.keepLoaded")}
        numberLabel={t("settings.model.unloadAfter")}
        unit={t("settings.unit.minutes")}
        suggested={15}
      />
    </SettingsSection>
  );
}
