import type { TFunction } from "i18next";
import { useEffect, useId, useRef, useState } from "react";
import type { InstalledModel } from "../../../../electron/common/contract/app/library.ts";
import { useTranslation } from "../../i18n/index.ts";
import { formatBytes, formatDate } from "../../state/library-format.ts";
import { useActions } from "../../state/StoreProvider.tsx";
import "./LibraryInstalledItem.css";

function sourceOf(model: InstalledModel, t: TFunction): string {
  switch (model.source.kind) {
    case "huggingface":
      return t("installed.source.huggingface", { repo: model.source.repo });
    case "ollama":
      return t("installed.source.ollama", { name: `${model.source.model}:${model.source.tag}` });
    case "import":
      if (model.source.foundIn)
        return t("installed.source.found", { name: model.source.foundIn.name, store: t(`found.store.${model.source.foundIn.store}`) });
      return model.inPlace ? t("installed.source.inPlace", { path: model.path }) : t("installed.source.copied");
    case "unknown":
      return t("installed.source.unknown");
  }
}

export interface LibraryInstalledItemProps {
  model: InstalledModel;
  active: boolean;
  /** After a delete: what went and how much space it freed. */
  onDeleted: (model: InstalledModel, freedBytes: number) => void;
}

/** An installed model: its facts, "Use", and a delete that first says how much space it frees. */
export function LibraryInstalledItem({ model, active, onDeleted }: LibraryInstalledItemProps) {
  const { t, i18n } = useTranslation("library");
  const { library } = useActions();
  const titleId = useId();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) cancelRef.current?.focus();
  }, [confirming]);

  const remove = async () => {
    setBusy(true);
    const freed = await library.deleteModel(model.id);
    setBusy(false);
    setConfirming(false);
    if (freed !== null) onDeleted(model, freed);
  };
  const facts = [
    formatBytes(model.sizeBytes),
    model.quantization ?? t("installed.quantizationUnknown"),
    sourceOf(model, t),
    model.addedAt === null ? t("installed.addedUnknown") : t("installed.added", { date: formatDate(model.addedAt, i18n.language) }),
  ];

  return (
    <li className={`card installed-item${active ? " installed-item--active" : ""}`} aria-labelledby={titleId}>
      <div className="installed-item__head">
        <h4 id={titleId} className="installed-item__name">
          {model.id}
        </h4>
        {active && <span className="installed-item__active">{t("installed.active")}</span>}
        {model.architecture !== null && model.architecture !== "gemma2" && (
          <span className="installed-item__warning">{t("installed.notGemma", { architecture: model.architecture })}</span>
        )}
      </div>
      <ul className="installed-item__facts">
        {facts.map((fact, index) => (
          <li key={index}>{fact}</li>
        ))}
      </ul>
      {confirming ? (
        <div className="installed-item__confirm" role="group" aria-labelledby={`${titleId}-confirm`}>
          <p id={`${titleId}-confirm`}>
            {model.inPlace
              ? t("installed.confirmRemove", { name: model.id, path: model.path })
              : t("installed.confirmDelete", { name: model.id, size: formatBytes(model.sizeBytes) })}
            {active && ` ${t("installed.confirmActive")}`}
          </p>
          <button type="button" className="button button--danger" disabled={busy} onClick={() => void remove()}>
            {model.inPlace ? t("installed.remove") : t("installed.delete")}
          </button>
          <button ref={cancelRef} type="button" className="button" onClick={() => setConfirming(false)}>
            {t("installed.cancel")}
          </button>
        </div>
      ) : (
        <div className="installed-item__actions">
          {active ? (
            <button type="button" className="button" aria-label={t("installed.unloadLabel", { name: model.id })} onClick={() => void library.setActive(null)}>
              {t("installed.unload")}
            </button>
          ) : (
            <button type="button" className="button button--primary" aria-label={t("installed.useLabel", { name: model.id })} onClick={() => void library.setActive(model.id)}>
              {t("installed.use")}
            </button>
          )}
          <button type="button" className="button" aria-label={t("installed.deleteLabel", { name: model.id })} onClick={() => setConfirming(true)}>
            {t("installed.deleteAsk")}
          </button>
        </div>
      )}
    </li>
  );
}
