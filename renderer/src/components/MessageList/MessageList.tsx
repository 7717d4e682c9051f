import { useCallback, useMemo, useRef, type ReactNode } from "react";
import type { ChatMessage } from "../../../../electron/common/contract/app/chat.ts";
import { useTranslation } from "../../i18n/index.ts";
import { MessageItem, type MessageHandlers } from "../MessageItem/MessageItem.tsx";
import type { JumpTarget } from "../VirtualList/use-virtual-window.ts";
import { VirtualList } from "../VirtualList/VirtualList.tsx";
import "./MessageList.css";

/** A long chat arrives a page at a time: its older messages (`earlier`, by index) as they are scrolled to. */
export interface OlderMessages {
  /** How many messages come before `messages`. */
  firstIndex: number;
  earlier: Readonly<Record<number, ChatMessage>>;
  /** Rows `start`..`end` (exclusive) are about to be shown: fetch those not held. */
  load: (start: number, end: number) => void;
}

interface MessageListProps {
  /** The newest messages (all of them, unless `older` says more come before). */
  messages: readonly ChatMessage[];
  older?: OlderMessages | undefined;
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
  /** Brings this row into view (a search hit); a new object for each jump. */
  jumpTo?: JumpTarget | null;
}

function ContextNotice() {
  const { t } = useTranslation("common");
  return <p className="message-list__context-notice">{t("chat.contextNotice")}</p>;
}

/** Stands in for a message not fetched yet (a few rows, for the moment a page takes). */
function PendingMessage({ label }: { label: string }) {
  return (
    <p className="message-list__pending" aria-busy="true">
      {label}
    </p>
  );
}

/** Keys of rows not fetched yet, made once each (a long chat asks for thousands on every new page). */
const pendingKeys: string[] = [];
const pendingKey = (index: number) => (pendingKeys[index] ??= `@${index}`);

const noOlder: Pick<OlderMessages, "firstIndex" | "earlier"> = { firstIndex: 0, earlier: {} };

/**
 * The conversation, virtualised (only the rows near the viewport are in the DOM) and kept scrolled
 * to the newest text unless the reader has scrolled up.
 */
export function MessageList({ messages, older, busy, empty, contextStartId, handlers, canAct = false, jumpTo }: MessageListProps) {
  const { t } = useTranslation("common");
  // Translated once per language: the list re-renders with every streamed frame.
  const label = useMemo(() => t("chat.log"), [t]);
  const pending = useMemo(() => t("chat.loadingMessage"), [t]);
  const ref = useRef<HTMLDivElement>(null);
  const { firstIndex, earlier } = older ?? noOlder;
  const count = firstIndex + messages.length;
  const last = messages.at(-1);
  // The reader just sent (or edited) a message: show it and follow the answer, even if scrolled up.
  const followSignal = last?.role === "user" || last?.status === "streaming" ? `${last.id}:${count}` : undefined;

  const messageAt = (index: number): ChatMessage | undefined => (index >= firstIndex ? messages[index - firstIndex] : earlier[index]);
  const keyAt = (index: number) => messageAt(index)?.id ?? pendingKey(index);
  // Messages are only added at the end and removed from the end; older pages fill in `earlier`: these say when a key
  // may have changed. (A streamed frame changes none, and must not make the list read thousands of keys again.)
  const keysVersion = useMemo(() => ({ firstIndex, length: messages.length, lastId: last?.id, earlier }), [firstIndex, messages.length, last?.id, earlier]);
  const renderAt = (index: number) => {
    const message = messageAt(index);
    if (!message) return <PendingMessage label={pending} />;
    return (
      <>
        {message.id === contextStartId && index > 0 && <ContextNotice />}
        <MessageItem message={message} isLast={index === count - 1} canAct={canAct} handlers={handlers} />
      </>
    );
  };
  const load = older?.load;
  const onRange = useCallback(
    (start: number, end: number) => {
      if (load && start < firstIndex) load(start, Math.min(end, firstIndex));
    },
    [load, firstIndex],
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
        {count === 0 ? (
          empty
        ) : (
          <VirtualList count={count} keyAt={keyAt} keysVersion={keysVersion} renderAt={renderAt} scrollRef={ref} followSignal={followSignal} jumpTo={jumpTo} onRange={onRange} />
        )}
      </div>
    </div>
  );
}
