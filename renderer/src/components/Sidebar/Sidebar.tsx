import { useMemo, useState } from "react";
import { ariaKeys, shortcutKeys } from "../../../../electron/common/shortcuts/shortcut-list.ts";
import { useRovingFocus } from "../../hooks/use-roving-focus.ts";
import { chatSearchId, startNewChat } from "../../hooks/use-shortcuts.ts";
import { useTranslation } from "../../i18n/index.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import { ConversationItem } from "../ConversationItem/ConversationItem.tsx";
import { Icon } from "../Icon/Icon.tsx";
import { SearchResults } from "../SearchResults/SearchResults.tsx";
import "./Sidebar.css";

/** "New chat", search, and the conversations, newest first. */
export function Sidebar() {
  const { t } = useTranslation("common");
  const conversations = useAppState((s) => s.conversations);
  const activeId = useAppState((s) => (s.screen === "chat" ? s.activeId : null));
  const actions = useActions();
  const [query, setQuery] = useState("");
  const searching = query.trim() !== "";
  const ids = useMemo(() => conversations.map((conversation) => conversation.id), [conversations]);
  const roving = useRovingFocus(ids, activeId);

  return (
    <nav className="sidebar" aria-label={t("sidebar.label")}>
      <button
        type="button"
        className="button sidebar__new"
        title={t("workspace:shortcuts.with", { label: t("sidebar.newChat"), keys: shortcutKeys("newChat") })}
        aria-keyshortcuts={ariaKeys("newChat")}
        onClick={() => void startNewChat(actions)}
      >
        <Icon name="plus" />
        {t("sidebar.newChat")}
      </button>
      <div className="sidebar__search">
        <Icon name="search" />
        <input
          id={chatSearchId}
          type="search"
          className="sidebar__search-input"
          aria-label={t("search.label")}
          aria-keyshortcuts={ariaKeys("search")}
          title={t("workspace:shortcuts.with", { label: t("search.label"), keys: shortcutKeys("search") })}
          placeholder={t("search.placeholder")}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Escape" && query !== "") {
              event.preventDefault();
              setQuery("");
            }
          }}
        />
      </div>
      {searching ? (
        <SearchResults query={query} activeId={activeId} />
      ) : conversations.length === 0 ? (
        <p className="sidebar__empty">{t("sidebar.empty")}</p>
      ) : (
        <ul className="sidebar__list" onKeyDown={roving.onKeyDown} onFocus={roving.onFocus}>
          {conversations.map((conversation) => (
            <ConversationItem
              key={conversation.id}
              conversation={conversation}
              active={conversation.id === activeId}
              tabIndex={roving.tabIndexOf(conversation.id)}
            />
          ))}
        </ul>
      )}
    </nav>
  );
}
