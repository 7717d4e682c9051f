import type { ChatMessage } from "../../../../electron/common/contract/app/chat.ts";
import { useTranslation } from "../../i18n/index.ts";
import { canContinue } from "../../state/chat-state.ts";
import { Icon } from "../Icon/Icon.tsx";
import "./MessageActions.css";

/** What a message's buttons do, bound to its conversation. */
export interface MessageHandlers {
  regenerate(): void;
  continueAnswer(): void;
  edit(messageId: string, text: string): void;
  selectAlternative(messageId: string, index: number): void;
  /** After another computer failed mid-answer: this device's model takes over. */
  continueLocally(): void;
}

interface MessageActionsProps {
  message: ChatMessage;
  isLast: boolean;
  canAct: boolean;
  handlers: MessageHandlers;
  onEdit(): void;
}

/** "‹ 2/3 ›" through the versions of a regenerated answer. */
function VersionPager({ message, disabled, onSelect }: { message: ChatMessage; disabled: boolean; onSelect(index: number): void }) {
  const { t } = useTranslation("common");
  const count = message.alternatives?.length ?? 0;
  if (count < 2) return null;
  const index = message.selectedAlternative ?? count - 1;
  return (
    <div className="message-actions__pager" role="group" aria-label={t("message.versions")}>
      <button
        type="button"
        className="icon-button"
        aria-label={t("message.previousVersion")}
        disabled={disabled || index === 0}
        onClick={() => onSelect(index - 1)}
      >
        <Icon name="chevronLeft" />
      </button>
      <span className="message-actions__count" aria-label={t("message.versionOf", { index: index + 1, count })}>
        {t("message.versionShort", { index: index + 1, count })}
      </span>
      <button
        type="button"
        className="icon-button"
        aria-label={t("message.nextVersion")}
        disabled={disabled || index === count - 1}
        onClick={() => onSelect(index + 1)}
      >
        <Icon name="chevronRight" />
      </button>
    </div>
  );
}

/** Edit (the user's messages); versions, Regenerate and Continue (the newest answer). */
export function MessageActions({ message, isLast, canAct, handlers, onEdit }: MessageActionsProps) {
  const { t } = useTranslation("common");
  const isModel = message.role === "model";
  const pager = isModel ? (
    <VersionPager message={message} disabled={!canAct} onSelect={(index) => handlers.selectAlternative(message.id, index)} />
  ) : null;
  const regenerate = isModel && isLast;
  // A remote failure offers its own "Try again" (the same server) beside "Continue with the local model".
  const resume = regenerate && canContinue(message) && message.error?.code !== "REMOTE_FAILED";
  const edit = !isModel;
  if (!pager && !regenerate && !edit) return null;

  return (
    <div className="message-actions">
      {pager}
      {edit && (
        <button type="button" className="message-actions__button" disabled={!canAct} onClick={onEdit}>
          <Icon name="edit" />
          {t("message.edit")}
        </button>
      )}
      {resume && (
        <button type="button" className="message-actions__button" disabled={!canAct} onClick={handlers.continueAnswer}>
          <Icon name="continue" />
          {t("message.continue")}
        </button>
      )}
      {regenerate && (
        <button type="button" className="message-actions__button" disabled={!canAct} onClick={handlers.regenerate}>
          <Icon name="regenerate" />
          {t("message.regenerate")}
        </button>
      )}
    </div>
  );
}
