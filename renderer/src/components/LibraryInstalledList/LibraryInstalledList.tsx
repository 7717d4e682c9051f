import { useId, useState } from "react";
import type { InstalledModel } from "../../../../electron/common/contract/app/library.ts";
import { useTranslation } from "../../i18n/index.ts";
import { formatBytes } from "../../state/library-format.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import { LibraryInstalledItem } from "../LibraryInstalledItem/LibraryInstalledItem.tsx";
import "./LibraryInstalledList.css";

/** The models on this device, which one the chat uses, and the disk they take. */
export function LibraryInstalledList() {
  const { t } = useTranslation("library");
  const { library } = useActions();
  const headingId = useId();
  const installed = useAppState((s) => s.library.installed);
  const [lastDeleted, setLastDeleted] = useState<string | null>(null);
  const listing = installed.value;

  const onDeleted = (model: InstalledModel, freedBytes: number) =>
    setLastDeleted(
      model.inPlace ? t("installed.removed", { name: model.id }) : t("installed.deleted", { name: model.id, size: formatBytes(freedBytes) }),
    );

  return (
    <section className="installed-list" aria-labelledby={headingId} aria-busy={installed.loading}>
      <h3 id={headingId}>{t("installed.title")}</h3>
      {listing && (
        <p className="installed-list__disk">
          {listing.freeDiskBytes === null
            ? t("installed.folderFreeUnknown", { used: formatBytes(listing.modelsFolderBytes) })
            : t("installed.folder", { used: formatBytes(listing.modelsFolderBytes), free: formatBytes(listing.freeDiskBytes) })}
        </p>
      )}
      <p className="installed-list__news" aria-live="polite">
        {lastDeleted}
      </p>
      {installed.error && (
        <div className="installed-list__error" role="alert">
          <p>{t("installed.failed", { message: installed.error.message })}</p>
          <button type="button" className="button" onClick={() => void library.loadInstalled()}>
            {t("catalog.retry")}
          </button>
        </div>
      )}
      {!listing && installed.loading && <p className="installed-list__muted">{t("installed.loading")}</p>}
      {listing?.models.length === 0 && <p className="installed-list__muted">{t("installed.empty")}</p>}
      {listing && listing.models.length > 0 && (
        <ul className="installed-list__items">
          {listing.models.map((model) => (
            <LibraryInstalledItem key={model.id} model={model} active={model.id === listing.activeId} onDeleted={onDeleted} />
          ))}
        </ul>
      )}
    </section>
  );
}
