import { memo, useState, type KeyboardEvent } from "react";
import type { ConversationSummary } from "../../../../electron/common/contract/app/chat.ts";
import { rovingItemAttribute } from "../../hooks/use-roving-focus.ts";
import { useTranslation } from "../../i18n/index.ts";
import { useActions } from "../../state/StoreProvider.tsx";
import { Icon } from "../Icon/Icon.tsx";
import "./ConversationItem.css";

interface ConversationItemProps {
  conversation: ConversationSummary;
  active: boolean;
  /** 0 for the list's one tab stop, -1 for the others (↑ ↓ move between them). */
  tabIndex: number;
}

/** The inline title editor: Enter or leaving the field saves, Esc cancels. */
function RenameField({ title, onDone }: { title: string; onDone(title: string | null): void }) {
  const { t } = useTranslation("common");
  const [value, setValue] = useState(title);
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter") {
      event.preventDefault();
      onDone(value);
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      onDone(null);
    }
  };
  return (
    <input
      className="conversation-item__rename"
      aria-label={t("sidebar.renameLabel")}
      value={value}
      maxLength={500}
      // Opened on purpose by the reader: the field takes the focus.
      autoFocus
      onFocus={(event) => event.target.select()}
      onChange={(event) => setValue(event.target.value)}
      onKeyDown={onKeyDown}
      onBlur={() => onDone(value)}
    />
  );
}

/**
 * One chat in the sidebar: open it, rename it in place (F2), delete it (Delete, with Undo). One tab stop per list:
 * the tools are for the mouse, the keys for the keyboard. Memoised: hundreds stay cheap.
 */
export const ConversationItem = memo(function ConversationItem({ conversation, active, tabIndex }: ConversationItemProps) {
  const { t } = useTranslation("common");
  const { selectConversation, chats } = useActions();
  const [renaming, setRenaming] = useState(false);
  const title = conversation.title.trim() || t("sidebar.untitled");

  const finishRename = (next: string | null) => {
    setRenaming(false);
    if (next !== null && next.trim() !== "") void chats.rename(conversation.id, next);
  };
  const onOpenKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === "F2") setRenaming(true);
    else if (event.key === "Delete") void chats.remove(conversation.id);
    else return;
    event.preventDefault();
  };

  return (
    <li className="conversation-item" data-active={active || undefined}>
      {renaming ? (
        <RenameField title={conversation.title} onDone={finishRename} />
      ) : (
        <>
          <button
            type="button"
            className="conversation-item__open"
            aria-current={active ? "page" : undefined}
            aria-keyshortcuts="F2 Delete"
            title={title}
            tabIndex={tabIndex}
            {...{ [rovingItemAttribute]: conversation.id }}
            onKeyDown={onOpenKeyDown}
            onClick={() => void selectConversation(conversation.id)}
            onDoubleClick={() => setRenaming(true)}
          >
            {title}
          </button>
          <span className="conversation-item__tools">
            <button
              type="button"
              className="icon-button conversation-item__tool"
              aria-label={t("sidebar.rename", { title })}
              title={t("workspace:shortcuts.with", { label: t("sidebar.renameShort"), keys: "F2" })}
              tabIndex={-1}
              onClick={() => setRenaming(true)}
            >
              <Icon name="edit" />
            </button>
            <button
              type="button"
              className="icon-button conversation-item__tool"
              aria-label={t("sidebar.delete", { title })}
              title={t("workspace:shortcuts.with", { label: t("sidebar.deleteShort"), keys: "Delete" })}
              tabIndex={-1}
              onClick={() => void chats.remove(conversation.id)}
            >
              <Icon name="trash" />
            </button>
          </span>
        </>
      )}
    </li>
  );
});
