import { useEffect, useId, useState, type FormEvent } from "react";
import { libraryImportId } from "../../dom/element-ids.ts";
import { useTranslation } from "../../i18n/index.ts";
import { isDesktopHost } from "../../state/library-host.ts";
import type { ImportMode } from "../../../../electron/common/contract/app/library.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import type { DroppedFile } from "../LibraryImportDropZone/LibraryImportDropZone.tsx";
import { LibraryImportStatus } from "../LibraryImportStatus/LibraryImportStatus.tsx";
import "./LibraryImportPanel.css";

/** Adds a GGUF the user already has: picked (Electron) or typed (browser host), copied or used in place. */
export function LibraryImportPanel({ dropped }: { dropped: DroppedFile | null }) {
  const { t } = useTranslation("library");
  const { library } = useActions();
  const running = useAppState((s) => s.library.importing.status === "running");
  const ids = { heading: useId(), path: useId(), help: useId(), upload: useId() };
  const [desktop] = useState(isDesktopHost);
  const [path, setPath] = useState("");
  const [mode, setMode] = useState<ImportMode>("copy");
  const [note, setNote] = useState<string | null>(null);
  const [upload, setUpload] = useState<File | null>(null);

  useEffect(() => {
    if (!dropped) return;
    if (dropped.path) setPath(dropped.path);
    if (!desktop && dropped.isGguf && dropped.file) setUpload(dropped.file);
    if (!dropped.isGguf) setNote(t("drop.notGguf", { name: dropped.name }));
    else if (dropped.path) setNote(t("drop.picked", { name: dropped.name }));
    else setNote(t(desktop ? "drop.noPath" : "drop.browser", { name: dropped.name }));
  }, [dropped, desktop, t]);

  const choose = async () => {
    const picked = await library.pickFile();
    if (picked.unavailable) setNote(t("import.dialogUnavailable"));
    else if (picked.path !== null) {
      setPath(picked.path);
      setNote(null);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = path.trim();
    if (trimmed === "" || running) return;
    setNote(null);
    void library.importModel(trimmed, mode);
  };

  return (
    <section id={libraryImportId} className="import-panel" aria-labelledby={ids.heading}>
      <h3 id={ids.heading}>{t("import.title")}</h3>
      <p className="import-panel__intro">{t("import.intro")}</p>
      <form className="import-panel__form" onSubmit={submit}>
        <label htmlFor={ids.path}>{t("import.path")}</label>
        <div className="import-panel__row">
          <input
            id={ids.path}
            type="text"
            value={path}
            spellCheck={false}
            autoComplete="off"
            placeholder={t("import.pathPlaceholder")}
            aria-describedby={ids.help}
            onChange={(event) => setPath(event.target.value)}
          />
          {desktop && (
            <button type="button" className="button" disabled={running} onClick={() => void choose()}>
              {t("import.choose")}
            </button>
          )}
        </div>
        <p id={ids.help} className="import-panel__help">
          {desktop ? t("import.helpDesktop") : t("import.helpBrowser")}
        </p>
        {note && (
          <p className="import-panel__note" aria-live="polite">
            {note}
          </p>
        )}
        <fieldset className="import-panel__modes">
          <legend>{t("import.mode")}</legend>
          {(["copy", "in-place"] as const).map((value) => (
            <label key={value}>
              <input type="radio" name="import-mode" value={value} checked={mode === value} onChange={() => setMode(value)} />
              {t(value === "copy" ? "import.copy" : "import.inPlace")}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button button--primary" disabled={running || path.trim() === ""}>
          {t("import.start")}
        </button>
      </form>
      {!desktop && (
        <form
          className="import-panel__form"
          onSubmit={(event) => {
            event.preventDefault();
            if (upload && !running) void library.uploadModel(upload);
          }}
        >
          <label htmlFor={ids.upload}>{t("import.uploadLabel")}</label>
          <input
            id={ids.upload}
            type="file"
            accept=".gguf"
            onChange={(event) => setUpload(event.target.files?.[0] ?? null)}
          />
          <p className="import-panel__help">{upload ? t("import.uploadChosen", { name: upload.name }) : t("import.uploadHelp")}</p>
          <button type="submit" className="button button--primary" disabled={running || upload === null}>
            {t("import.uploadStart")}
          </button>
        </form>
      )}
      <LibraryImportStatus />
    </section>
  );
}
