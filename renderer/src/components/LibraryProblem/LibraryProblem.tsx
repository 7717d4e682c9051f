import type { TFunction } from "i18next";
import type { WireError } from "../../../../electron/common/contract/errors.ts";
import { useTranslation } from "../../i18n/index.ts";
import { classifyProblem, canRetry, type LibraryProblem as Problem } from "../../state/library-errors.ts";
import { ggufProblemText } from "../../state/gguf-problem-text.ts";
import { formatBytePair, formatBytes, formatSpeed } from "../../state/library-format.ts";
import { useActions } from "../../state/StoreProvider.tsx";
import "./LibraryProblem.css";

/** What went wrong, in the UI's language. */
export function describeProblem(problem: Problem, t: TFunction): string {
  switch (problem.kind) {
    case "offline":
      return t("problem.offline");
    case "connection":
      return t(`problem.connection.${problem.reason}`, { host: problem.host, code: problem.code, seconds: problem.timeoutSeconds ?? "?" });
    case "lost":
      return t("problem.lost", { host: problem.host, code: problem.code });
    case "stalled":
      return problem.stall === "idle"
        ? t("problem.stalledIdle", { seconds: problem.idleSeconds })
        : t("problem.stalledSlow", { speed: formatSpeed(problem.floorBytesPerSecond), seconds: problem.windowSeconds });
    case "disk": {
      const [need, free] = formatBytePair(problem.needBytes, problem.freeBytes);
      return t("problem.disk", { need, free });
    }
    case "disk-full":
      return t("problem.diskFull");
    case "corrupt":
      return t("problem.corrupt");
    case "gated":
      return t("problem.gated");
    case "gguf":
      return ggufProblemText(problem.error, t, (bytes) => formatBytes(bytes)) ?? problem.error.message;
    case "not-gguf":
      // Main's message names the file and repeats "GGUF": it goes under Details, once.
      return t("problem.notGguf");
    case "not-found":
    case "other":
      return problem.message;
  }
}

export interface LibraryProblemProps {
  error: WireError;
  /** What failed, for the buttons' accessible names ("Retry download of …"). */
  subject: string;
  onRetry?: () => void;
  onDismiss?: () => void;
}

/** A failed download or import, said plainly, with what can be done about it. */
export function LibraryProblem({ error, subject, onRetry, onDismiss }: LibraryProblemProps) {
  const { t } = useTranslation("library");
  const { setScreen } = useActions();
  const problem = classifyProblem(error);

  return (
    <div className={`library-problem library-problem--${problem.kind}`} role="alert">
      <p className="library-problem__message">{describeProblem(problem, t)}</p>
      {problem.kind === "not-gguf" && (
        <details className="library-problem__details">
          <summary>{t("problem.details")}</summary>
          {problem.message}
        </details>
      )}
      <div className="library-problem__actions">
        {problem.kind === "gated" && (
          <button type="button" className="button" onClick={() => setScreen("settings")}>
            {t("problem.openSettings")}
          </button>
        )}
        {onRetry && canRetry(problem) && (
          <button type="button" className="button button--primary" aria-label={t("problem.retryLabel", { name: subject })} onClick={onRetry}>
            {t("problem.retry")}
          </button>
        )}
        {onDismiss && (
          <button type="button" className="button" aria-label={t("problem.dismissLabel", { name: subject })} onClick={onDismiss}>
            {t("problem.dismiss")}
          </button>
        )}
      </div>
    </div>
  );
}
