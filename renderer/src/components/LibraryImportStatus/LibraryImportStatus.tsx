import { useEffect, useRef } from "react";
import { useTranslation } from "../../i18n/index.ts";
import { baseName, formatBytePair } from "../../state/library-format.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import { LibraryProblem } from "../LibraryProblem/LibraryProblem.tsx";
import "./LibraryImportStatus.css";

/** The import under way (copy progress, Cancel), or how the last one went (warnings, errors, "Use this model"). */
export function LibraryImportStatus() {
  const { t } = useTranslation("library");
  const { library } = useActions();
  const importing = useAppState((s) => s.library.importing);
  const outcomeRef = useRef<HTMLDivElement>(null);
  // The outcome appears below the form, often below the fold: bring it to where the user is looking.
  useEffect(() => {
    if (importing.status !== "failed" && importing.status !== "done") return;
    outcomeRef.current?.scrollIntoView?.({ block: "nearest", behavior: "smooth" });
    outcomeRef.current?.focus({ preventScroll: true });
  }, [importing.status]);
  if (importing.status === "idle") return null;
  const name = baseName(importing.path);

  if (importing.status === "running") {
    const { copiedBytes, totalBytes, mode } = importing;
    const [copied, total] = formatBytePair(copiedBytes, totalBytes ?? 0);
    const text =
      totalBytes === null
        ? t("import.checking", { name })
        : t(mode === "copy" ? "import.copying" : "import.hashing", { name, copied, total });
    return (
      <div className="import-status">
        <progress max={totalBytes ?? undefined} value={totalBytes === null ? undefined : copiedBytes} aria-label={t("import.progressLabel", { name })} />
        <p className="import-status__text">{text}</p>
        <button type="button" className="button" onClick={library.cancelImport}>
          {t("import.cancel")}
        </button>
      </div>
    );
  }

  if (importing.status === "failed")
    return (
      <div className="import-status" ref={outcomeRef} tabIndex={-1}>
        <p className="import-status__text">{t("import.failed", { name })}</p>
        <LibraryProblem error={importing.error} subject={name} onDismiss={library.clearImport} />
      </div>
    );

  const { model, warnings } = importing;
  const notGemma = model.architecture !== "gemma2";
  return (
    <div className="import-status import-status--done" aria-live="polite" ref={outcomeRef} tabIndex={-1}>
      <p className="import-status__text">{t("import.done", { name: model.id })}</p>
      {(notGemma || warnings.length > 0) && (
        <div className="import-status__warning" role="note">
          <p>
            {!notGemma
              ? t("import.warnings")
              : model.architecture === null
                ? t("import.notGemmaUnknown")
                : t("import.notGemma", { architecture: model.architecture })}
          </p>
          {!notGemma && warnings.length > 0 && (
            <ul>
              {warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="import-status__actions">
        <button type="button" className="button button--primary" aria-label={t("import.useLabel", { name: model.id })} onClick={() => void library.setActive(model.id)}>
          {t("import.use")}
        </button>
        <button type="button" className="button" onClick={library.clearImport}>
          {t("import.another")}
        </button>
      </div>
    </div>
  );
}
