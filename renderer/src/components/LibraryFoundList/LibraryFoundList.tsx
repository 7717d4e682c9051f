import { useId } from "react";
import type { FoundModel } from "../../../../electron/common/contract/app/library.ts";
import { useTranslation } from "../../i18n/index.ts";
import { formatBytes } from "../../state/library-format.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import { LibraryProblem } from "../LibraryProblem/LibraryProblem.tsx";
import "./LibraryFoundList.css";

function FoundItem({ model }: { model: FoundModel }) {
  const { t } = useTranslation("library");
  const { library } = useActions();
  const titleId = useId();
  const adopting = useAppState((s) => s.library.adopting[model.path]);
  const checking = adopting !== undefined && adopting.error === null;
  const store = t(`found.store.${model.store}`);

  return (
    <li className="card found-item" aria-labelledby={titleId}>
      <h4 id={titleId} className="found-item__name">
        {model.name}
      </h4>
      <ul className="found-item__facts">
        <li>{formatBytes(model.sizeBytes)}</li>
        <li>{model.quantization ?? t("installed.quantizationUnknown")}</li>
        <li>{t("found.where", { store, folder: model.storeRoot })}</li>
        {model.otherNames.length > 0 && <li>{t("found.alsoCalled", { names: model.otherNames.join(", ") })}</li>}
      </ul>
      <p className="found-item__note">{t("found.inPlace", { store })}</p>
      {checking && (
        <p className="found-item__checking" role="status">
          {t("found.checking", { name: model.name })}
        </p>
      )}
      {adopting?.error && <LibraryProblem error={adopting.error} subject={model.name} onRetry={() => void library.useFound(model.path)} />}
      <button
        type="button"
        className="button button--primary"
        disabled={checking}
        aria-label={t("found.useLabel", { name: model.name })}
        onClick={() => void library.useFound(model.path)}
      >
        {t("found.use")}
      </button>
    </li>
  );
}

/** Gemma 2 files Ollama or Hugging Face already put on this device: used where they are, never copied. */
export function LibraryFoundList() {
  const { t } = useTranslation("library");
  const headingId = useId();
  const models = useAppState((s) => s.library.found.value);
  if (!models || models.length === 0) return null;

  return (
    <section className="found-list" aria-labelledby={headingId}>
      <h3 id={headingId}>{t("found.title")}</h3>
      <p className="found-list__intro">{t("found.intro")}</p>
      <ul className="found-list__items">
        {models.map((model) => (
          <FoundItem key={model.path} model={model} />
        ))}
      </ul>
    </section>
  );
}
