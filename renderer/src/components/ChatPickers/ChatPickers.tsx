import { useEffect, useId } from "react";
import type { Conversation } from "../../../../electron/common/contract/app/chat.ts";
import { useTranslation } from "../../i18n/index.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import { presetName } from "./preset-name.ts";
import "./ChatPickers.css";

interface ChatPickersProps {
  conversation: Pick<Conversation, "id" | "presetId" | "modelId">;
  busy: boolean;
}

/** The chat's model and preset, in its header (as in LM Studio and Jan): each saved with the chat, applied to its next answer. */
export function ChatPickers({ conversation, busy }: ChatPickersProps) {
  const { t } = useTranslation("workspace");
  const { presets: presetActions, library } = useActions();
  const presets = useAppState((s) => s.presets);
  const installed = useAppState((s) => s.library.installed.value?.models);
  const ids = { model: useId(), preset: useId() };
  useEffect(() => {
    if (!installed) void library.loadInstalled();
  }, [installed, library]);

  const models = installed ?? [];
  // A chat's model that was deleted since still shows, so the select tells the truth.
  const modelGone = conversation.modelId !== undefined && !models.some((model) => model.id === conversation.modelId);

  return (
    <div className="chat-pickers">
      <label className="chat-pickers__field" htmlFor={ids.model}>
        <span className="chat-pickers__label">{t("picker.model")}</span>
        <select
          id={ids.model}
          className="chat-pickers__select"
          aria-label={t("picker.modelLabel")}
          value={conversation.modelId ?? ""}
          disabled={busy}
          onChange={(event) => void presetActions.setChatModel(conversation.id, event.target.value || null)}
        >
          <option value="">{models.length === 0 ? t("picker.noModels") : t("picker.modelLoaded")}</option>
          {modelGone && <option value={conversation.modelId}>{conversation.modelId}</option>}
          {models.map((model) => (
            <option key={model.id} value={model.id}>
              {model.id.replace(/\.gguf$/i, "")}
            </option>
          ))}
        </select>
      </label>
      <label className="chat-pickers__field" htmlFor={ids.preset}>
        <span className="chat-pickers__label">{t("picker.preset")}</span>
        <select
          id={ids.preset}
          className="chat-pickers__select"
          aria-label={t("picker.presetLabel")}
          value={conversation.presetId ?? ""}
          disabled={busy}
          onChange={(event) => void presetActions.setForChat(conversation.id, event.target.value || null)}
        >
          <option value="">{t("picker.presetNone")}</option>
          {presets.map((preset) => (
            <option key={preset.id} value={preset.id}>
              {presetName(preset, t)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
