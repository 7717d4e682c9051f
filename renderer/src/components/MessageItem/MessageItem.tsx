import { memo, useMemo, useState } from "react";
import type { ChatMessage } from "../../../../electron/common/contract/app/chat.ts";
import { useTranslation } from "../../i18n/index.ts";
import { CopyButton } from "../CopyButton/CopyButton.tsx";
import { Markdown } from "../Markdown/Markdown.tsx";
import { MessageActions, type MessageHandlers } from "../MessageActions/MessageActions.tsx";
import { MessageEditor } from "../MessageEditor/MessageEditor.tsx";
import { RemoteAnswerFailure } from "../RemoteAnswerFailure/RemoteAnswerFailure.tsx";
import { RemoteStatsLine, StatsLine } from "../StatsLine/StatsLine.tsx";
import "./MessageItem.css";

export type { MessageHandlers } from "../MessageActions/MessageActions.tsx";

interface StatusMarkerProps {
  status: ChatMessage["status"];
  stopReason: ChatMessage["stopReason"];
  errorMessage: string | undefined;
}

/** Memoised on primitives: the streaming answer's message object is new every frame, its status is not. */
const StatusMarker = memo(function StatusMarker({ status, stopReason, errorMessage }: StatusMarkerProps) {
  const { t } = useTranslation("common");
  switch (status) {
    case "stopped":
      return <p className="message__marker message__marker--stopped">{t("message.stopped")}</p>;
    case "crashed":
      return <p className="message__marker message__marker--crashed">{t("message.crashed")}</p>;
    case "error":
      return (
        <p className="message__marker message__marker--error">
          {t("message.error", { message: errorMessage ?? "" })}
        </p>
      );
    case "streaming":
      return <p className="message__marker message__marker--streaming">{t("message.streaming")}</p>;
    case "complete":
      return stopReason === "maxTokens" ? (
        <p className="message__marker message__marker--stopped">{t("message.maxTokens")}</p>
      ) : null;
  }
});

export interface MessageItemProps {
  message: ChatMessage;
  /** The newest message: only it can be regenerated or continued. */
  isLast?: boolean;
  /** Nothing is being generated and a model is there: actions that start an answer are allowed. */
  canAct?: boolean;
  /** Without handlers (a read-only list) only Copy is offered. */
  handlers?: MessageHandlers;
}

function MessageView({ message, isLast = false, canAct = false, handlers }: MessageItemProps) {
  const { t } = useTranslation("common");
  const [editing, setEditing] = useState(false);
  const isModel = message.role === "model";
  // Translated once per language and role: a streaming answer re-renders every frame.
  const author = useMemo(() => (isModel ? t("message.model") : t("message.user")), [t, isModel]);
  const finished = message.status !== "streaming";

  const save = (text: string) => {
    setEditing(false);
    if (text !== message.text) handlers?.edit(message.id, text);
  };

  return (
    <article className={`message message--${message.role} message--${message.status}`} aria-label={author}>
      <header className="message__header">
        <span className="message__author">{author}</span>
        {finished && message.text.length > 0 && !editing && <CopyButton text={message.text} label={t("message.copy")} />}
      </header>
      {editing ? (
        <MessageEditor initial={message.text} canSend={canAct} onSave={save} onCancel={() => setEditing(false)} />
      ) : (
        <div className="message__body" data-testid="message-text">
          {isModel ? <Markdown text={message.text} streaming={!finished} /> : <p className="message__plain">{message.text}</p>}
        </div>
      )}
      {message.error?.code === "REMOTE_FAILED" ? (
        <RemoteAnswerFailure message={message} isLast={isLast} canAct={canAct} handlers={handlers} />
      ) : (
        <StatusMarker status={message.status} stopReason={message.stopReason} errorMessage={message.error?.message} />
      )}
      {isModel && message.stats && (message.backend?.kind === "remote" ? <RemoteStatsLine stats={message.stats} backend={message.backend} /> : <StatsLine stats={message.stats} />)}
      {handlers && finished && !editing && (
        <MessageActions message={message} isLast={isLast} canAct={canAct} handlers={handlers} onEdit={() => setEditing(true)} />
      )}
    </article>
  );
}

function sameMessage(a: ChatMessage, b: ChatMessage): boolean {
  return (
    a === b ||
    (a.id === b.id &&
      a.text === b.text &&
      a.status === b.status &&
      a.stopReason === b.stopReason &&
      a.error?.message === b.error?.message &&
      a.stats?.generatedTokens === b.stats?.generatedTokens &&
      a.stats?.totalMs === b.stats?.totalMs &&
      a.alternatives?.length === b.alternatives?.length &&
      a.selectedAlternative === b.selectedAlternative)
  );
}

/**
 * One message. Memoised on what it shows (id, text, status, stats, versions) and its action flags,
 * so while an answer streams only that answer re-renders: finished messages are not parsed again
 * even when a change from main hands in new but equal copies.
 */
export const MessageItem = memo(MessageView, sameItemProps);

/** What MessageItem re-renders on: also for components that wrap it. */
export function sameItemProps(before: MessageItemProps, after: MessageItemProps): boolean {
  return (
    sameMessage(before.message, after.message) &&
    before.isLast === after.isLast &&
    before.canAct === after.canAct &&
    before.handlers === after.handlers
  );
}
