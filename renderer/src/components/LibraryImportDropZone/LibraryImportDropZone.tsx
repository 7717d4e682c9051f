import { useRef, useState, type DragEvent, type ReactNode } from "react";
import { useTranslation } from "../../i18n/index.ts";
import { pathOfDroppedFile } from "../../state/library-host.ts";
import "./LibraryImportDropZone.css";

/** A file dropped on the library: its name, and its path when the host can tell (Electron, through the preload). */
export interface DroppedFile {
  /** New for every drop, so dropping the same file twice is noticed. */
  id: number;
  name: string;
  path: string | null;
  isGguf: boolean;
  /** The file itself, for a browser to upload. */
  file?: File;
}

const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes("Files");

let nextDropId = 1;

/** Lets a .gguf be dragged onto the whole library screen; what to do with it is the import panel's business. */
export function LibraryImportDropZone({ onDrop, children }: { onDrop: (file: DroppedFile) => void; children: ReactNode }) {
  const { t } = useTranslation("library");
  const [over, setOver] = useState(false);
  // dragenter/dragleave fire for every child crossed: count them to know when the pointer really left.
  const depth = useRef(0);

  const enter = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth.current += 1;
    setOver(true);
  };
  const leave = () => {
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) setOver(false);
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    depth.current = 0;
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (!file) return;
    onDrop({ id: nextDropId++, name: file.name, path: pathOfDroppedFile(file), isGguf: /\.gguf$/i.test(file.name), file });
  };

  return (
    <div
      className={`drop-zone${over ? " drop-zone--over" : ""}`}
      onDragEnter={enter}
      onDragOver={(event) => {
        if (carriesFiles(event)) event.preventDefault();
      }}
      onDragLeave={leave}
      onDrop={drop}
    >
      {children}
      {over && (
        <div className="drop-zone__overlay" aria-hidden="true">
          <p>{t("drop.overlay")}</p>
        </div>
      )}
    </div>
  );
}
