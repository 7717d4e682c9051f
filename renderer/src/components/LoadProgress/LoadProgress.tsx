import type { TFunction } from "i18next";
import type { EngineStatus } from "../../../../electron/common/contract/app/engine.ts";
import { useTranslation } from "../../i18n/index.ts";
import { formatBytePair, formatDuration, formatSpeed } from "../../state/library-format.ts";
import "./LoadProgress.css";

type Loading = Extract<EngineStatus, { state: "loading" }>;

/** "820 MB of 1.6 GB · 45.2 MB/s · 18 s left": the rate once the engine has one, the time left once it is steady. */
export function describeLoad(status: Loading, t: TFunction, tDuration: TFunction): string | null {
  const { meter } = status;
  if (!meter || meter.totalBytes === 0) return null;
  const [loaded, total] = formatBytePair(meter.loadedBytes, meter.totalBytes);
  const parts = [t("load.amount", { loaded, total })];
  if (meter.bytesPerSecond !== undefined) parts.push(formatSpeed(meter.bytesPerSecond));
  if (meter.secondsLeft !== undefined) parts.push(t("load.timeLeft", { time: formatDuration(meter.secondsLeft, tDuration) }));
  return parts.join(t("load.separator"));
}

/** The model load where the status bar shows it: a bar (with its value for assistive technology) and the figures. */
export function LoadProgress({ status }: { status: Loading }) {
  const { t } = useTranslation("common");
  // Durations are spelled by the Library's "time.*" strings, shared with the downloads' time left.
  const { t: tDuration } = useTranslation("library");
  const percent = Math.round(status.progress * 100);
  const detail = describeLoad(status, t, tDuration);
  return (
    <>
      <div
        className="load-progress"
        role="progressbar"
        aria-label={t("load.label")}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={detail ? `${percent}% · ${detail}` : `${percent}%`}
      >
        <div className="load-progress__fill" style={{ width: `${percent}%` }} />
      </div>
      {detail && <span className="load-progress__detail">{detail}</span>}
    </>
  );
}
