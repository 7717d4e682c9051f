import { useId } from "react";
import { gemmaTermsUrl, type CatalogItem, type CatalogListing } from "../../../../electron/common/contract/app/library.ts";
import { useTranslation } from "../../i18n/index.ts";
import { formatBytes, formatCount } from "../../state/library-format.ts";
import { availableRamOf } from "../../state/device-ram.ts";
import { contextSizeChoices } from "../../state/library-state.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import { LibraryCatalogItem } from "../LibraryCatalogItem/LibraryCatalogItem.tsx";
import { LibraryDownloadRow } from "../LibraryDownloadRow/LibraryDownloadRow.tsx";
import { LibraryOnlineCheck } from "../LibraryOnlineCheck/LibraryOnlineCheck.tsx";
import { LibraryRecommendation } from "../LibraryRecommendation/LibraryRecommendation.tsx";
import "./LibraryCatalogList.css";

function groupByModel(items: readonly CatalogItem[]): { name: string; items: CatalogItem[] }[] {
  const groups = new Map<string, CatalogItem[]>();
  for (const item of items) groups.set(item.variant.modelName, [...(groups.get(item.variant.modelName) ?? []), item]);
  return [...groups].map(([name, list]) => ({ name, items: list }));
}

function RamSummary({ listing }: { listing: CatalogListing }) {
  const { t } = useTranslation("library");
  const total = formatBytes(listing.totalRamBytes);
  // The same figure as the device panel at every moment (one source: see device-ram.ts).
  const available = useAppState((s) => availableRamOf(s.library));
  return (
    <div className="catalog-list__summary">
      <p>
        {listing.totalRamBytes === 0
          ? t("catalog.ramUnknown")
          : available === null
            ? t("catalog.ramTotal", { total })
            : t("catalog.ram", { available: formatBytes(available), total })}
      </p>
      <LibraryRecommendation listing={listing} />
    </div>
  );
}

/** The bundled catalog with the fit of every file on this device, and the downloads that belong to no catalog entry. */
export function LibraryCatalogList() {
  const { t, i18n } = useTranslation("library");
  const { library } = useActions();
  const headingId = useId();
  const selectId = useId();
  const catalog = useAppState((s) => s.library.catalog);
  const contextSize = useAppState((s) => s.library.contextSize);
  const jobs = useAppState((s) => s.library.jobs);
  const listing = catalog.value;
  const others = listing ? jobs.filter((job) => !listing.items.some((item) => item.variant.id === job.variantId)) : [];

  return (
    <section className="catalog-list" aria-labelledby={headingId} aria-busy={catalog.loading}>
      <div className="catalog-list__header">
        <h3 id={headingId}>{t("catalog.title")}</h3>
        <label className="catalog-list__context" htmlFor={selectId}>
          {t("catalog.contextSize")}
          <select id={selectId} value={contextSize} onChange={(event) => void library.loadCatalog(Number(event.target.value))}>
            {contextSizeChoices.map((size) => (
              <option key={size} value={size}>
                {t("catalog.contextOption", { size: formatCount(size, i18n.language) })}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="catalog-list__help">{t("catalog.contextHelp")}</p>
      <p className="catalog-list__terms">
        {t("catalog.terms")}{" "}
        <a href={listing?.termsUrl ?? gemmaTermsUrl} target="_blank" rel="noopener noreferrer">
          {t("terms.link")}
        </a>
      </p>
      {catalog.error && (
        <div className="catalog-list__error" role="alert">
          <p>{t("catalog.failed", { message: catalog.error.message })}</p>
          <button type="button" className="button" onClick={() => void library.loadCatalog()}>
            {t("catalog.retry")}
          </button>
        </div>
      )}
      {!listing && catalog.loading && <p className="catalog-list__loading">{t("catalog.loading")}</p>}
      {listing && <RamSummary listing={listing} />}
      {listing && <LibraryOnlineCheck fromHeaders={listing.items.some((item) => item.fit.estimateSource === "gguf-header")} />}
      {listing &&
        groupByModel(listing.items).map((group) => (
          <div key={group.name} className="catalog-list__group">
            <h4>{group.name}</h4>
            <ul className="catalog-list__items">
              {group.items.map((item) => (
                <LibraryCatalogItem key={item.variant.id} item={item} termsUrl={listing.termsUrl} />
              ))}
            </ul>
          </div>
        ))}
      {others.length > 0 && (
        <div className="catalog-list__group">
          <h4>{t("catalog.otherDownloads")}</h4>
          <ul className="catalog-list__items">
            {others.map((job) => (
              <li key={job.id} className="card catalog-list__other">
                <span className="catalog-list__file">{job.file}</span>
                <LibraryDownloadRow job={job} name={job.file} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
