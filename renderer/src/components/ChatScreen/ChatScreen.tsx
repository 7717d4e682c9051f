import { useCallback, useMemo } from "react";
import type { ChatMessage } from "../../../../electron/common/contract/app/chat.ts";
import { useTranslation } from "../../i18n/index.ts";
import { canSend, hasModel, isGenerating } from "../../state/app-state.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import { ChatHeader } from "../ChatHeader/ChatHeader.tsx";
import { Composer } from "../Composer/Composer.tsx";
import { ContextMeter } from "../ContextMeter/ContextMeter.tsx";
import type { MessageHandlers } from "../MessageItem/MessageItem.tsx";
import { MessageList, type OlderMessages } from "../MessageList/MessageList.tsx";
import { NoModelActions } from "../NoModelActions/NoModelActions.tsx";
import { OutOfMemoryHelp } from "../OutOfMemoryHelp/OutOfMemoryHelp.tsx";
import "./ChatScreen.css";

const noMessages: readonly ChatMessage[] = [];

function EmptyState({ loading }: { loading: boolean }) {
  const { t } = useTranslation("common");
  const modelLoaded = useAppState(hasModel);
  if (loading) return <p className="chat-screen__hint">{t("chat.loading")}</p>;
  return (
    <div className="chat-screen__empty">
      <h2>{t("chat.emptyTitle")}</h2>
      {modelLoaded ? <p className="chat-screen__hint">{t("chat.emptyReady")}</p> : <NoModelActions />}
    </div>
  );
}

/** The active conversation: its header (export, chat settings), the messages and the message box. */
export function ChatScreen() {
  const { t } = useTranslation("common");
  const activeId = useAppState((s) => s.activeId);
  const conversation = useAppState((s) => (s.activeId === null ? undefined : s.loaded[s.activeId]));
  const busy = useAppState((s) => isGenerating(s, s.activeId));
  const engineFree = useAppState(canSend);
  const focus = useAppState((s) => (s.focus?.conversationId === s.activeId ? s.focus : null));
  const { chats, remote } = useActions();
  const loading = activeId !== null && conversation === undefined;
  const load = useCallback(
    (start: number, end: number) => {
      if (activeId !== null) void chats.loadMessages(activeId, start, end);
    },
    [activeId, chats],
  );
  const firstIndex = conversation?.firstIndex ?? 0;
  const earlier = conversation?.earlier;
  const older = useMemo<OlderMessages | undefined>(() => earlier && { firstIndex, earlier, load }, [firstIndex, earlier, load]);

  const handlers = useMemo<MessageHandlers | undefined>(() => {
    if (activeId === null) return undefined;
    return {
      regenerate: () => void chats.regenerate(activeId),
      continueAnswer: () => void chats.continueAnswer(activeId),
      edit: (messageId, text) => void chats.edit(activeId, messageId, text),
      selectAlternative: (messageId, index) => void chats.selectAlternative(activeId, messageId, index),
      continueLocally: () => void remote.continueLocally(activeId),
    };
  }, [activeId, chats, remote]);

  return (
    <section className="chat-screen" aria-label={conversation?.title || t("nav.chat")}>
      {conversation && <ChatHeader conversation={conversation} busy={busy} />}
      <OutOfMemoryHelp />
      <MessageList
        // A fresh list (scrolled to the end, heights measured anew) for each conversation.
        key={activeId ?? "none"}
        messages={conversation?.messages ?? noMessages}
        older={older}
        jumpTo={focus}
        busy={busy}
        empty={<EmptyState loading={loading} />}
        contextStartId={conversation?.contextStartId}
        handlers={handlers}
        canAct={engineFree && !busy}
      />
      {conversation && conversation.messages.length > 0 && <ContextMeter conversation={conversation} busy={busy} />}
      <Composer />
    </section>
  );
}
