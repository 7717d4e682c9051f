import { useEffect, useId, useState } from "react";
import type { ModelsFolder } from "../../../../electron/common/contract/app/models-folder.ts";
import { useTranslation } from "../../i18n/index.ts";
import { formatBytes } from "../../state/library-format.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import { CopyButton } from "../CopyButton/CopyButton.tsx";
import { Icon } from "../Icon/Icon.tsx";
import "./ModelsFolderPanel.css";

/** Where the models are and what they take; "Open folder" in the desktop app, the path to copy in a browser. */
export function ModelsFolderPanel() {
  const { t } = useTranslation("workspace");
  const { extras } = useActions();
  const headingId = useId();
  // Re-read when the installed list changes (a download finished, a model was deleted).
  const installed = useAppState((s) => s.library.installed.value);
  const [folder, setFolder] = useState<ModelsFolder | null>(null);
  const [opened, setOpened] = useState(false);

  useEffect(() => {
    let current = true;
    void extras.modelsFolder().then((next) => current && setFolder(next));
    return () => {
      current = false;
    };
  }, [extras, installed]);

  if (!folder) return null;
  return (
    <section className="card models-folder" aria-labelledby={headingId}>
      <h3 id={headingId}>{t("folder.title")}</h3>
      <p className="models-folder__path">
        <code>{folder.path}</code>
        <CopyButton text={folder.path} label={t("folder.copy")} />
      </p>
      <p className="models-folder__usage">
        {t("folder.used", { used: formatBytes(folder.usedBytes) })}
        {folder.freeDiskBytes !== null && ` · ${t("folder.free", { free: formatBytes(folder.freeDiskBytes) })}`}
      </p>
      {folder.canOpen ? (
        <button type="button" className="button" onClick={() => void extras.openModelsFolder().then(setOpened)}>
          <Icon name="folder" />
          {t("folder.open")}
        </button>
      ) : (
        <p className="models-folder__hint">{t("folder.browserHint")}</p>
      )}
      {opened && (
        <p className="models-folder__hint" role="status">
          {t("folder.opened")}
        </p>
      )}
    </section>
  );
}
