import { useTranslation } from "../../i18n/index.ts";
import { libraryImportId } from "../../dom/element-ids.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import { Icon } from "../Icon/Icon.tsx";
import "./NoModelActions.css";

/** The chat with no model: where a model comes from, one click away (the Library, or a file already on disk). */
export function NoModelActions() {
  const { t } = useTranslation("workspace");
  const { setScreen, openModelFile } = useActions();
  // A browser tab has no native file dialog: the Library's import (a path on the device) takes its place.
  const nativeDialogs = useAppState((s) => s.host === "electron");
  const loading = useAppState((s) => s.engine.state === "loading" || s.engine.state === "starting");

  const importInLibrary = () => {
    setScreen("library");
    requestAnimationFrame(() => {
      const panel = document.getElementById(libraryImportId);
      panel?.scrollIntoView({ block: "start" });
      panel?.querySelector("input")?.focus();
    });
  };

  return (
    <div className="no-model">
      <p className="no-model__text">{t("noModel.text")}</p>
      <div className="no-model__actions">
        <button type="button" className="button button--primary" onClick={() => setScreen("library")}>
          {t("noModel.library")}
        </button>
        {nativeDialogs ? (
          <button type="button" className="button" disabled={loading} onClick={() => void openModelFile()}>
            <Icon name="folder" />
            {t("noModel.openFile")}
          </button>
        ) : (
          <button type="button" className="button" onClick={importInLibrary}>
            <Icon name="folder" />
            {t("noModel.import")}
          </button>
        )}
      </div>
    </div>
  );
}
