import { useEffect, useId, useState } from "react";
import { useTranslation } from "../../i18n/index.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import { DevicePanel } from "../DevicePanel/DevicePanel.tsx";
import { LibraryCatalogList } from "../LibraryCatalogList/LibraryCatalogList.tsx";
import { LibraryFoundList } from "../LibraryFoundList/LibraryFoundList.tsx";
import { LibraryImportDropZone, type DroppedFile } from "../LibraryImportDropZone/LibraryImportDropZone.tsx";
import { LibraryImportPanel } from "../LibraryImportPanel/LibraryImportPanel.tsx";
import { LibraryInstalledList } from "../LibraryInstalledList/LibraryInstalledList.tsx";
import { ModelsFolderPanel } from "../ModelsFolderPanel/ModelsFolderPanel.tsx";
import "./LibraryScreen.css";

/**
 * The screen a Pi user meets first: which Gemma 2 file suits this device and whether it fits, before
 * spending gigabytes on it; then downloads, installed models, imports and the device's figures.
 */
export function LibraryScreen() {
  const { t } = useTranslation("library");
  const { library } = useActions();
  const headingId = useId();
  const offline = useAppState((s) => s.library.offline);
  const [dropped, setDropped] = useState<DroppedFile | null>(null);
  useEffect(() => void library.open(), [library]);

  return (
    <LibraryImportDropZone onDrop={setDropped}>
      <section className="library-screen" aria-labelledby={headingId}>
        <header className="library-screen__header">
          <h2 id={headingId}>{t("screen.title")}</h2>
          <p>{t("screen.intro")}</p>
        </header>
        {offline && (
          <p className="library-screen__offline" role="note">
            {t("screen.offline")}
          </p>
        )}
        <div className="library-screen__columns">
          <aside className="library-screen__side" aria-label={t("screen.deviceLabel")}>
            <DevicePanel />
            <ModelsFolderPanel />
          </aside>
          <div className="library-screen__main">
            <LibraryFoundList />
            <LibraryCatalogList />
            <LibraryInstalledList />
            <LibraryImportPanel dropped={dropped} />
          </div>
        </div>
      </section>
    </LibraryImportDropZone>
  );
}
