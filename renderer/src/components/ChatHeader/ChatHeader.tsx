import { memo, useId, useState } from "react";
import { useTranslation } from "../../i18n/index.ts";
import { messageCountOf, type LoadedChat } from "../../state/chat-pages.ts";
import { useActions } from "../../state/StoreProvider.tsx";
import { ChatPickers } from "../ChatPickers/ChatPickers.tsx";
import { ChatSettingsPanel } from "../ChatSettingsPanel/ChatSettingsPanel.tsx";
import { Icon } from "../Icon/Icon.tsx";
import "./ChatHeader.css";

interface ChatHeaderProps {
  conversation: LoadedChat;
  busy: boolean;
}

function ChatHeaderView({ conversation, busy }: ChatHeaderProps) {
  const { t } = useTranslation("common");
  const { chats } = useActions();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const panelId = useId();
  const hasMessages = conversation.messages.length > 0;

  return (
    <div className="chat-header">
      <div className="chat-header__bar">
        <h2 className="chat-header__title" title={conversation.title.trim() || undefined}>
          {conversation.title.trim() || t("sidebar.untitled")}
        </h2>
        {conversation.systemPrompt !== undefined && <span className="chat-header__badge">{t("chatSettings.customBadge")}</span>}
        <ChatPickers conversation={conversation} messageCount={messageCountOf(conversation)} busy={busy} />
        <div className="chat-header__actions">
          <button
            type="button"
            className="button chat-header__button"
            aria-label={t("export.markdown")}
            title={t("export.markdown")}
            disabled={!hasMessages}
            onClick={() => void chats.exportChat(conversation.id, "markdown")}
          >
            <Icon name="download" />
            {t("export.markdownShort")}
          </button>
          <button
            type="button"
            className="button chat-header__button"
            aria-label={t("export.json")}
            title={t("export.json")}
            disabled={!hasMessages}
            onClick={() => void chats.exportChat(conversation.id, "json")}
          >
            <Icon name="download" />
            {t("export.jsonShort")}
          </button>
          <button
            type="button"
            className="button chat-header__button"
            aria-expanded={settingsOpen}
            aria-controls={panelId}
            onClick={() => setSettingsOpen((open) => !open)}
          >
            <Icon name="sliders" />
            {t("chatSettings.open")}
          </button>
        </div>
      </div>
      {settingsOpen && (
        <ChatSettingsPanel id={panelId} conversation={conversation} busy={busy} onClose={() => setSettingsOpen(false)} />
      )}
    </div>
  );
}

function sameHeader({ conversation: a, busy: wasBusy }: ChatHeaderProps, { conversation: b, busy }: ChatHeaderProps): boolean {
  return (
    wasBusy === busy &&
    a.id === b.id &&
    a.title === b.title &&
    a.systemPrompt === b.systemPrompt &&
    a.presetId === b.presetId &&
    a.modelId === b.modelId &&
    a.backend === b.backend &&
    messageCountOf(a) === messageCountOf(b)
  );
}

/**
 * The chat's title, its model and preset, Export (Markdown / JSON) and this chat's settings (its system prompt). Memoised on what it
 * shows: a streaming answer replaces the conversation every frame, and the header need not follow.
 */
export const ChatHeader = memo(ChatHeaderView, sameHeader);
