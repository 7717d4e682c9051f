import { memo } from "react";
import type { ChatMessage } from "../../../../electron/common/contract/app/chat.ts";
import { AppError } from "../../../../electron/common/contract/errors.ts";
import { useTranslation } from "../../i18n/index.ts";
import { failedServerName, remoteReason } from "../../state/remote-text.ts";
import type { MessageHandlers } from "../MessageActions/MessageActions.tsx";
import "./RemoteAnswerFailure.css";

interface RemoteAnswerFailureProps {
  message: ChatMessage;
  /** The newest answer: only it can be continued or tried again. */
  isLast: boolean;
  canAct: boolean;
  handlers: MessageHandlers | undefined;
}

/**
 * Another computer stopped answering: what arrived stays above, this says which server and why, and offers the two
 * ways on — this device's model continues (the chat switches to it, because the user asked), or the same server again.
 * Nothing switches by itself.
 */
export const RemoteAnswerFailure = memo(function RemoteAnswerFailure({ message, isLast, canAct, handlers }: RemoteAnswerFailureProps) {
  const { t } = useTranslation("remote");
  if (message.error === undefined) return null;
  const error = AppError.fromWire(message.error);
  const server = failedServerName(error, message.backend);
  const reason = remoteReason(error, t);
  const partial = message.text !== "";

  return (
    <div className="remote-failure">
      <p className="message__marker message__marker--error">
        {partial ? t("failure.stoppedAnswering", { server, reason }) : t("failure.didNotAnswer", { server, reason })}
      </p>
      {isLast && handlers && (
        <div className="remote-failure__actions">
          <button type="button" className="button button--primary" disabled={!canAct} onClick={handlers.continueLocally}>
            {partial ? t("failure.continueLocally") : t("failure.answerLocally")}
          </button>
          <button type="button" className="button" disabled={!canAct} onClick={partial ? handlers.continueAnswer : handlers.regenerate}>
            {t("failure.tryAgain")}
          </button>
        </div>
      )}
    </div>
  );
});
