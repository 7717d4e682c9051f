import { useLayoutEffect, useRef, type ReactNode } from "react";
import type { ChatMessage } from "../../../../electron/contract/app/chat.ts";
import { t } from "../../strings.ts";
import { MessageItem } from "../MessageItem/MessageItem.tsx";
import "./MessageList.css";

const stickyDistancePx = 48;

interface MessageListProps {
  messages: readonly ChatMessage[];
  /** An answer is being generated: screen readers wait for it to finish before reading it. */
  busy: boolean;
  /** Shown in the log while there are no messages. */
  empty?: ReactNode;
}

/** The conversation, kept scrolled to the newest text unless the reader has scrolled up. */
export function MessageList({ messages, busy, empty }: MessageListProps) {
  const ref = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);

  useLayoutEffect(() => {
    const element = ref.current;
    if (element && atBottom.current) element.scrollTop = element.scrollHeight;
  }, [messages]);

  const onScroll = () => {
    const element = ref.current;
    if (!element) return;
    atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < stickyDistancePx;
  };

  return (
    <div
      ref={ref}
      className="message-list"
      role="log"
      aria-live="polite"
      aria-label={t("chat.log")}
      aria-busy={busy}
      tabIndex={0}
      onScroll={onScroll}
    >
      <div className="message-list__inner">
        {messages.length === 0 ? empty : messages.map((message) => <MessageItem key={message.id} message={message} />)}
      </div>
    </div>
  );
}
