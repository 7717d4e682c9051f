import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import { t } from "../../strings.ts";
import { Icon } from "../Icon/Icon.tsx";
import "./Sidebar.css";

/** "New chat" and the conversations, newest first. */
export function Sidebar() {
  const conversations = useAppState((s) => s.conversations);
  const activeId = useAppState((s) => (s.screen === "chat" ? s.activeId : null));
  const { newChat, selectConversation } = useActions();

  return (
    <nav className="sidebar" aria-label={t("sidebar.label")}>
      <button type="button" className="button sidebar__new" onClick={() => void newChat()}>
        <Icon name="plus" />
        {t("sidebar.newChat")}
      </button>
      {conversations.length === 0 ? (
        <p className="sidebar__empty">{t("sidebar.empty")}</p>
      ) : (
        <ul className="sidebar__list">
          {conversations.map((conversation) => (
            <li key={conversation.id}>
              <button
                type="button"
                className="sidebar__item"
                aria-current={conversation.id === activeId ? "page" : undefined}
                onClick={() => void selectConversation(conversation.id)}
              >
                {conversation.title.trim() || t("sidebar.untitled")}
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
