import { memo } from "react";
import type { ChatMessage } from "../../../../electron/contract/app/chat.ts";
import { t } from "../../strings.ts";
import { CopyButton } from "../CopyButton/CopyButton.tsx";
import { Markdown } from "../Markdown/Markdown.tsx";
import { StatsLine } from "../StatsLine/StatsLine.tsx";
import "./MessageItem.css";

function StatusMarker({ message }: { message: ChatMessage }) {
  switch (message.status) {
    case "stopped":
      return <p className="message__marker message__marker--stopped">{t("message.stopped")}</p>;
    case "crashed":
      return <p className="message__marker message__marker--crashed">{t("message.crashed")}</p>;
    case "error":
      return (
        <p className="message__marker message__marker--error">
          {t("message.error", { message: message.error?.message ?? "" })}
        </p>
      );
    case "streaming":
      return <p className="message__marker message__marker--streaming">{t("message.streaming")}</p>;
    case "complete":
      return null;
  }
}

function MessageView({ message }: { message: ChatMessage }) {
  const isModel = message.role === "model";
  const author = isModel ? t("message.model") : t("message.user");
  const finished = message.status !== "streaming";
  return (
    <article className={`message message--${message.role} message--${message.status}`} aria-label={author}>
      <header className="message__header">
        <span className="message__author">{author}</span>
        {finished && message.text.length > 0 && <CopyButton text={message.text} label={t("message.copy")} />}
      </header>
      <div className="message__body">
        {isModel ? <Markdown text={message.text} /> : <p className="message__plain">{message.text}</p>}
      </div>
      <StatusMarker message={message} />
      {isModel && message.stats && <StatsLine stats={message.stats} />}
    </article>
  );
}

function sameMessage(a: ChatMessage, b: ChatMessage): boolean {
  return (
    a === b ||
    (a.id === b.id &&
      a.text === b.text &&
      a.status === b.status &&
      a.error?.message === b.error?.message &&
      a.stats?.generatedTokens === b.stats?.generatedTokens &&
      a.stats?.totalMs === b.stats?.totalMs)
  );
}

/**
 * One message. Memoised on what it shows (id, text, status, stats), so while an answer streams only
 * that answer re-renders: finished messages are not parsed again even when `chat.updated` replaces them.
 */
export const MessageItem = memo(MessageView, (before, after) => sameMessage(before.message, after.message));
