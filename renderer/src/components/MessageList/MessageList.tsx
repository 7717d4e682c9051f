import { memo, startTransition, useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, type ReactNode } from "react";
import type { ChatMessage } from "../../../../electron/common/contract/app/chat.ts";
import { useTranslation } from "../../i18n/index.ts";
import { MessageItem, sameItemProps, type MessageHandlers, type MessageItemProps } from "../MessageItem/MessageItem.tsx";
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

/**
 * Messages mounted per render. A jump, or a page of older messages arriving, brings a screenful and more of rows
 * into the list at once (the window, plus what it keeps above and below the view): each message is a few
 * milliseconds of rendering on a slow CPU, its header, Markdown, stats and actions. Mounted in one task they block
 * the page for a tenth of a second; a few per render keep every task short.
 */
const rowsPerRender = 4;
/**
 * The count starts again when a render is committed. A render thrown away (interrupted) is followed by one that
 * commits; this only covers a render that never is. Not shorter: a render of a few rows on a busy, throttled
 * machine takes more than 50 ms, and must not start counting again halfway.
 */
const staleMs = 1000;
let rowsLeft = rowsPerRender;
let countedSince = 0;

function mayMountRow(): boolean {
  const now = performance.now();
  if (now - countedSince > staleMs) {
    rowsLeft = rowsPerRender;
    countedSince = now;
  }
  if (rowsLeft <= 0) return false;
  rowsLeft--;
  return true;
}

function rowsCommitted() {
  rowsLeft = rowsPerRender;
  countedSince = performance.now();
}

interface MessageRowProps extends MessageItemProps {
  contextNotice: boolean;
}

/**
 * A message's row. Beyond the first few rows of a render it stands empty (about a message's height, hidden from
 * screen readers) and renders its message in a render of its own, right after. Memoised like MessageItem: the list
 * re-renders with every streamed frame, and only the streaming answer's row should.
 */
const MessageRow = memo(function MessageRow({ contextNotice, ...item }: MessageRowProps) {
  const mounted = useRef(false);
  const [, retry] = useReducer((n: number) => n + 1, 0);
  const full = mounted.current || mayMountRow();
  useLayoutEffect(() => {
    if (full) mounted.current = true;
    rowsCommitted();
  });
  useEffect(() => {
    if (!full) startTransition(retry);
  });
  if (!full) return <div className="message-list__pending" aria-hidden="true" />;
  return (
    <>
      {contextNotice && <ContextNotice />}
      <MessageItem {...item} />
    </>
  );
}, (before, after) => before.contextNotice === after.contextNotice && sameItemProps(before, after));

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
    return <MessageRow contextNotice={message.id === contextStartId && index > 0} message={message} isLast={index === count - 1} canAct={canAct} handlers={handlers} />;
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
