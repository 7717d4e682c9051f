import type { FitAssessment } from "../../../../electron/common/contract/app/library.ts";
import { useTranslation } from "../../i18n/index.ts";
import { formatBytes, formatCount } from "../../state/library-format.ts";
import "./LibraryFitBadge.css";

/** "Fits / Tight / Won't fit" with the figures behind it: the RAM needed, the RAM there is, the context that fits. */
export function LibraryFitBadge({ fit }: { fit: FitAssessment }) {
  const { t, i18n } = useTranslation("library");
  const need = formatBytes(fit.needBytes);
  const total = formatBytes(fit.totalRamBytes);
  const size = (tokens: number) => formatCount(tokens, i18n.language);

  const figures =
    fit.totalRamBytes === 0
      ? t("fit.ramUnknown", { need })
      : fit.availableRamBytes === null
        ? t("fit.needsOfTotal", { need, total })
        : t("fit.needsOfAvailable", { need, available: formatBytes(fit.availableRamBytes), total });
  const context =
    fit.fittingContextSize === null
      ? t("fit.noContextFits")
      : fit.fittingContextSize >= fit.contextSize
        ? t("fit.fitsUpTo", { size: size(fit.fittingContextSize) })
        : t("fit.fitsWithSmaller", { size: size(fit.fittingContextSize) });

  return (
    <div className={`fit-badge fit-badge--${fit.verdict}`}>
      <span className="fit-badge__verdict">{t(`fit.verdict.${fit.verdict}`)}</span>
      <span className="fit-badge__figures">
        {figures} {t("fit.atContext", { size: size(fit.contextSize) })}
      </span>
      {fit.verdict !== "fits" && <span className="fit-badge__hint">{t(`fit.hint.${fit.verdict}`)}</span>}
      <span className="fit-badge__context">{context}</span>
    </div>
  );
}
