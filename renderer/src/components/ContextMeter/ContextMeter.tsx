import { memo, useEffect, useState } from "react";
import type { ContextUsage, Conversation } from "../../../../electron/common/contract/app/chat.ts";
import { formatNumber } from "../../i18n/format-number.ts";
import { useTranslation } from "../../i18n/index.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import "./ContextMeter.css";

const snippetLength = 60;

function snippetOf(text: string): string {
  const line = text.trim().replace(/\s+/g, " ");
  return line.length > snippetLength ? `${line.slice(0, snippetLength - 1)}…` : line;
}

interface ContextMeterProps {
  conversation: Conversation;
  busy: boolean;
}

/**
 * How much of the model's context this chat takes, what stays free for the answer, and which message leaves the
 * model's memory next. Asked of main (which decides what is left out) whenever the chat settles, not per token.
 */
function ContextMeterView({ conversation, busy }: ContextMeterProps) {
  const { t, i18n } = useTranslation("workspace");
  const { extras } = useActions();
  const loadedContext = useAppState((s) => (s.engine.state === "ready" || s.engine.state === "generating" ? s.engine.model.contextSize : null));
  const overflow = useAppState((s) => s.settings.value?.chat.contextOverflow);
  const [usage, setUsage] = useState<ContextUsage | null>(null);
  const { id, messages, presetId, systemPrompt } = conversation;
  const settledCount = busy ? -1 : messages.length;

  useEffect(() => {
    if (settledCount < 0) return;
    let current = true;
    void extras.contextUsage(id).then((next) => current && setUsage(next));
    return () => {
      current = false;
    };
  }, [extras, id, settledCount, presetId, systemPrompt, loadedContext, overflow]);

  if (!usage) return null;
  const number = (value: number) => formatNumber(value, i18n.language);
  const size = usage.contextSize;
  const next = usage.nextDroppedId === null ? undefined : messages.find((message) => message.id === usage.nextDroppedId);
  const facts = [
    size === null ? t("meter.unknown", { used: number(usage.usedTokens) }) : t("meter.text", { used: number(usage.usedTokens), size: number(size) }),
    ...(size === null ? [] : [t("meter.reserved", { reserved: number(usage.reservedTokens) })]),
    ...(usage.droppedMessages > 0 ? [t("meter.dropped", { count: usage.droppedMessages })] : []),
  ];
  const filled = size === null ? 0 : (usage.usedTokens + usage.reservedTokens) / size;
  const nextText = usage.overflow === "stop" ? t("meter.stops") : next ? t("meter.nextDrop", { snippet: snippetOf(next.text) }) : null;
  const warning = filled >= 0.9;

  return (
    <div className={`context-meter${warning ? " context-meter--full" : ""}`} role="group" aria-label={t("meter.label")}>
      {size !== null && (
        <progress className="context-meter__bar" max={size} value={Math.min(usage.usedTokens, size)} aria-label={t("meter.label")} />
      )}
      <p className="context-meter__text">{facts.join(t("common:stats.separator"))}</p>
      {/* Said once it matters: from three quarters full (the room kept for the answer counts). */}
      {filled >= 0.75 && nextText && <p className="context-meter__next">{nextText}</p>}
    </div>
  );
}

export const ContextMeter = memo(ContextMeterView);
