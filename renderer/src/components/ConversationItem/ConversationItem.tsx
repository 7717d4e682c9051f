import { memo, useState, type KeyboardEvent } from "react";
import type { ConversationSummary } from "../../../../electron/contract/app/chat.ts";
import { useTranslation } from "../../i18n/index.ts";
import { useActions } from "../../state/StoreProvider.tsx";
import { Icon } from "../Icon/Icon.tsx";
import "./ConversationItem.css";

interface ConversationItemProps {
  conversation: ConversationSummary;
  active: boolean;
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

/** One chat in the sidebar: open it, rename it in place, delete it (with Undo). Memoised: hundreds stay cheap. */
export const ConversationItem = memo(function ConversationItem({ conversation, active }: ConversationItemProps) {
  const { t } = useTranslation("common");
  const { selectConversation, chats } = useActions();
  const [renaming, setRenaming] = useState(false);
  const title = conversation.title.trim() || t("sidebar.untitled");

  const finishRename = (next: string | null) => {
    setRenaming(false);
    if (next !== null && next.trim() !== "") void chats.rename(conversation.id, next);
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
            title={title}
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
              title={t("sidebar.renameShort")}
              onClick={() => setRenaming(true)}
            >
              <Icon name="edit" />
            </button>
            <button
              type="button"
              className="icon-button conversation-item__tool"
              aria-label={t("sidebar.delete", { title })}
              title={t("sidebar.deleteShort")}
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
