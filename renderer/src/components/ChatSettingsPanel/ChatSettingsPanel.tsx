import { useId, useState, type FormEvent } from "react";
import type { Conversation } from "../../../../electron/common/contract/app/chat.ts";
import { useTranslation } from "../../i18n/index.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import "./ChatSettingsPanel.css";

interface ChatSettingsPanelProps {
  id: string;
  conversation: Conversation;
  /** An answer is being generated: main refuses a new system prompt until it ends. */
  busy: boolean;
  onClose(): void;
}

/** This chat's system prompt: the default from Settings, or its own (empty for none). */
export function ChatSettingsPanel({ id, conversation, busy, onClose }: ChatSettingsPanelProps) {
  const { t } = useTranslation("common");
  const { chats } = useActions();
  const defaultPrompt = useAppState((s) => s.settings.value?.chat.defaultSystemPrompt ?? "");
  const [custom, setCustom] = useState(conversation.systemPrompt !== undefined);
  const [text, setText] = useState(conversation.systemPrompt ?? defaultPrompt);
  const name = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void chats.setSystemPrompt(conversation.id, custom ? text.trim() : null).then(onClose);
  };

  return (
    <form id={id} className="chat-settings" aria-label={t("chatSettings.title")} onSubmit={submit}>
      <fieldset className="chat-settings__choices">
        <legend className="chat-settings__legend">{t("chatSettings.title")}</legend>
        <label className="chat-settings__choice">
          <input type="radio" name={name} checked={!custom} onChange={() => setCustom(false)} />
          {t("chatSettings.useDefault")}
        </label>
        <label className="chat-settings__choice">
          <input type="radio" name={name} checked={custom} onChange={() => setCustom(true)} />
          {t("chatSettings.useCustom")}
        </label>
      </fieldset>
      {custom ? (
        <textarea
          className="chat-settings__prompt"
          aria-label={t("chatSettings.promptLabel")}
          placeholder={t("chatSettings.promptPlaceholder")}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      ) : (
        <p className="chat-settings__default">{defaultPrompt.trim() || t("chatSettings.noDefault")}</p>
      )}
      <p className="chat-settings__hint">{t("systemPrompt.gemmaNote")}</p>
      <p className="chat-settings__hint">{busy ? t("chatSettings.busy") : t("settings.applies.next-answer")}</p>
      <div className="chat-settings__buttons">
        <button type="button" className="button" onClick={onClose}>
          {t("chatSettings.close")}
        </button>
        <button type="submit" className="button button--primary" disabled={busy}>
          {t("chatSettings.save")}
        </button>
      </div>
    </form>
  );
}
