import { useMemo, useRef, type ReactNode } from "react";
import type { ChatMessage } from "../../../../electron/common/contract/app/chat.ts";
import { useTranslation } from "../../i18n/index.ts";
import { MessageItem, type MessageHandlers } from "../MessageItem/MessageItem.tsx";
import { VirtualList } from "../VirtualList/VirtualList.tsx";
import "./MessageList.css";

interface MessageListProps {
  messages: readonly ChatMessage[];
  /** An answer is being generated: screen readers wait for it to finish before reading it. */
  busy: boolean;
  /** Shown in the log while there are no messages. */
  empty?: ReactNode;
  /** The first message the model still sees; a notice above it says the older ones are left out. */
  contextStartId?: string | undefined;
  /** Regenerate, edit, continue, versions; without them the list is read-only (Copy only). */
  handlers?: MessageHandlers;
  /** Nothing is being generated and a model is there. */
  canAct?: boolean;
}

const keyOf = (message: ChatMessage) => message.id;

function ContextNotice() {
  const { t } = useTranslation("common");
  return <p className="message-list__context-notice">{t("chat.contextNotice")}</p>;
}

/**
 * The conversation, virtualised (only the rows near the viewport are in the DOM) and kept scrolled
 * to the newest text unless the reader has scrolled up.
 */
export function MessageList({ messages, busy, empty, contextStartId, handlers, canAct = false }: MessageListProps) {
  const { t } = useTranslation("common");
  // Translated once per language: the list re-renders with every streamed frame.
  const label = useMemo(() => t("chat.log"), [t]);
  const ref = useRef<HTMLDivElement>(null);
  const last = messages.at(-1);
  // The reader just sent (or edited) a message: show it and follow the answer, even if scrolled up.
  const followSignal = last?.role === "user" || last?.status === "streaming" ? `${last.id}:${messages.length}` : undefined;

  const renderItem = (message: ChatMessage, index: number) => (
    <>
      {message.id === contextStartId && index > 0 && <ContextNotice />}
      <MessageItem message={message} isLast={index === messages.length - 1} canAct={canAct} handlers={handlers} />
    </>
  );

  return (
    <div
      ref={ref}
      className="message-list"
      role="log"
      aria-live="polite"
      aria-label={label}
      aria-busy={busy}
      tabIndex={0}
    >
      <div className="message-list__inner">
        {messages.length === 0 ? (
          empty
        ) : (
          <VirtualList items={messages} getKey={keyOf} renderItem={renderItem} scrollRef={ref} followSignal={followSignal} />
        )}
      </div>
    </div>
  );
}
