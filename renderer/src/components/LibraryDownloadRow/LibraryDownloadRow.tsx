import type { TFunction } from "i18next";
import type { DownloadJob } from "../../../../electron/common/contract/app/library.ts";
import { useTranslation } from "../../i18n/index.ts";
import { formatBytePair, formatBytes, formatDuration, formatSpeed } from "../../state/library-format.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import { classifyProblem } from "../../state/library-errors.ts";
import { describeProblem, LibraryProblem } from "../LibraryProblem/LibraryProblem.tsx";
import "./LibraryDownloadRow.css";

/** "820 MB of 1.6 GB · 2.3 MB/s · 6 min left". */
function describe(job: DownloadJob, t: TFunction): string {
  const [received, total] = job.totalBytes === null ? [formatBytes(job.receivedBytes), null] : formatBytePair(job.receivedBytes, job.totalBytes);
  const amount = total === null ? received : t("download.amount", { received, total });
  switch (job.state) {
    case "queued":
      return t("download.queued");
    case "paused":
      return t("download.paused", { amount });
    case "verifying":
      return t("download.verifying");
    case "completed":
      return t("download.completed");
    case "failed":
    case "cancelled":
      return amount;
    case "downloading": {
      const parts = [amount];
      parts.push(job.bytesPerSecond === null ? t("download.measuring") : formatSpeed(job.bytesPerSecond));
      if (job.etaSeconds !== null) parts.push(t("download.eta", { time: formatDuration(job.etaSeconds, t) }));
      return parts.join(t("download.separator"));
    }
  }
}

/** "The server closed the connection without answering. Try 2 of 6 at 20:31:05 …": why, which try, when. */
function RetryNotice({ retry }: { retry: NonNullable<DownloadJob["retry"]> }) {
  const { t, i18n } = useTranslation("library");
  const problem = classifyProblem(retry.error);
  const time = new Date(retry.nextAttemptAt).toLocaleTimeString(i18n.language);
  return (
    <p className="download-row__retry" role="status">
      {t("download.retrying", { problem: describeProblem(problem, t), attempt: retry.attempt, max: retry.maxAttempts, time })}{" "}
      {t("download.giveUp", { max: retry.maxAttempts, bound: formatDuration(retry.giveUpWithinSeconds, t) })}
    </p>
  );
}

export interface LibraryDownloadRowProps {
  job: DownloadJob;
  /** What is downloaded, for people ("Gemma 2 2B IT · Q4_0"). */
  name: string;
}

/** One download: progress with speed and ETA, pause / resume / cancel, and what went wrong with Retry. */
export function LibraryDownloadRow({ job, name }: LibraryDownloadRowProps) {
  const { t } = useTranslation("library");
  const { library } = useActions();
  const actionError = useAppState((s) => s.library.startErrors[job.id]);
  const active = job.state === "downloading" || job.state === "queued" || job.state === "verifying";
  const error = job.state === "failed" ? (actionError ?? job.error) : actionError;

  return (
    <div className={`download-row download-row--${job.state}`}>
      {job.state !== "failed" && (
        <div className="download-row__progress">
          <progress
            max={job.totalBytes ?? undefined}
            value={job.totalBytes === null || (job.state === "queued" && job.receivedBytes === 0) ? undefined : job.receivedBytes}
            aria-label={t("download.progressLabel", { name })}
          />
          <span className="download-row__text">{describe(job, t)}</span>
        </div>
      )}
      {job.state === "downloading" && job.retry && <RetryNotice retry={job.retry} />}
      {job.state === "failed" && <p className="download-row__failed">{t("download.failed", { amount: describe(job, t) })}</p>}
      {error && (
        <LibraryProblem
          error={error}
          subject={name}
          onRetry={() => void library.resumeDownload(job.id)}
          {...(job.state === "failed" ? {} : { onDismiss: () => library.dismissError(job.id) })}
        />
      )}
      <div className="download-row__actions">
        {(job.state === "downloading" || job.state === "queued") && (
          <button type="button" className="button" aria-label={t("download.pauseLabel", { name })} onClick={() => void library.pauseDownload(job.id)}>
            {t("download.pause")}
          </button>
        )}
        {job.state === "paused" && (
          <button type="button" className="button button--primary" aria-label={t("download.resumeLabel", { name })} onClick={() => void library.resumeDownload(job.id)}>
            {t("download.resume")}
          </button>
        )}
        {(active || job.state === "paused" || job.state === "failed") && (
          <button type="button" className="button" aria-label={t("download.cancelLabel", { name })} onClick={() => void library.cancelDownload(job.id)}>
            {t("download.cancel")}
          </button>
        )}
      </div>
    </div>
  );
}
