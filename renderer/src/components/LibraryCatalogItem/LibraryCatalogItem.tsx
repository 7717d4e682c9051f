import { useId, useState } from "react";
import type { CatalogItem } from "../../../../electron/common/contract/app/library.ts";
import { useTranslation } from "../../i18n/index.ts";
import { formatBytes } from "../../state/library-format.ts";
import { jobForVariant } from "../../state/library-state.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import { LibraryDownloadRow } from "../LibraryDownloadRow/LibraryDownloadRow.tsx";
import { LibraryFitBadge } from "../LibraryFitBadge/LibraryFitBadge.tsx";
import { LibraryProblem } from "../LibraryProblem/LibraryProblem.tsx";
import { LibraryTermsConfirm } from "../LibraryTermsConfirm/LibraryTermsConfirm.tsx";
import "./LibraryCatalogItem.css";

/** One downloadable file: quantization, size, what it is good for, whether it fits, and its download. */
export function LibraryCatalogItem({ item, termsUrl }: { item: CatalogItem; termsUrl: string }) {
  const { t } = useTranslation("library");
  const { library } = useActions();
  const { variant, fit, recommended } = item;
  const titleId = useId();
  const [askingTerms, setAskingTerms] = useState(false);
  const job = useAppState((s) => jobForVariant(s.library, variant.id));
  const startError = useAppState((s) => s.library.startErrors[variant.id]);
  const starting = useAppState((s) => s.library.starting[variant.id] === true);
  const termsAccepted = useAppState((s) => s.library.termsAccepted);
  const installedModel = useAppState((s) => s.library.installed.value?.models.find((m) => m.catalogId === variant.id || m.id === variant.file));
  const activeId = useAppState((s) => s.library.installed.value?.activeId ?? null);

  const name = t("item.name", { model: variant.modelName, quantization: variant.quantization });
  const installedId = installedModel?.id ?? variant.file;
  const installed = item.installed || installedModel !== undefined || job?.state === "completed";
  const size = formatBytes(variant.sizeBytes);

  const download = () => {
    if (termsAccepted) void library.startDownload(variant.id);
    else setAskingTerms(true);
  };
  const accept = () => {
    library.acceptTerms();
    setAskingTerms(false);
    void library.startDownload(variant.id);
  };

  let action;
  if (askingTerms) action = <LibraryTermsConfirm termsUrl={termsUrl} onAccept={accept} onCancel={() => setAskingTerms(false)} />;
  else if (job && job.state !== "completed") action = <LibraryDownloadRow job={job} name={name} />;
  else if (installed)
    action = (
      <div className="catalog-item__installed">
        <span className="catalog-item__state">{t("item.installed")}</span>
        {activeId === installedId ? (
          <span className="catalog-item__state catalog-item__state--active">{t("item.active")}</span>
        ) : (
          <button type="button" className="button" aria-label={t("item.useLabel", { name })} onClick={() => void library.setActive(installedId)}>
            {t("item.use")}
          </button>
        )}
      </div>
    );
  else
    action = (
      <>
        <button
          type="button"
          className={`button${recommended ? " button--primary" : ""}`}
          aria-label={t("item.downloadLabel", { name, size })}
          disabled={starting}
          onClick={download}
        >
          {starting ? t("item.starting") : t("item.download")}
        </button>
        {startError && (
          <LibraryProblem error={startError} subject={name} onRetry={download} onDismiss={() => library.dismissError(variant.id)} />
        )}
      </>
    );

  return (
    <li className={`card catalog-item${recommended ? " catalog-item--recommended" : ""}`} aria-labelledby={titleId}>
      <div className="catalog-item__head">
        <h5 id={titleId} className="catalog-item__title">
          {name}
        </h5>
        {recommended && <span className="catalog-item__tag">{t("item.recommended")}</span>}
        <span className="catalog-item__size">{size}</span>
      </div>
      <p className="catalog-item__note">{t(`notes.${variant.id}`, { defaultValue: variant.note })}</p>
      <LibraryFitBadge fit={fit} />
      <div className="catalog-item__action">{action}</div>
    </li>
  );
}
