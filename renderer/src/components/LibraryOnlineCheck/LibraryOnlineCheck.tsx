import { useTranslation } from "../../i18n/index.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import "./LibraryOnlineCheck.css";

/**
 * The Library never goes online by itself: its figures come from the bundled catalog. This control is the one
 * place that reads the files' real headers from Hugging Face, and it says so before it does.
 */
export function LibraryOnlineCheck({ fromHeaders }: { fromHeaders: boolean }) {
  const { t } = useTranslation("library");
  const { library } = useActions();
  const check = useAppState((s) => s.library.onlineCheck);

  return (
    <div className="online-check">
      <p className="online-check__help">{fromHeaders ? t("online.fromHeaders") : t("online.fromCatalog")}</p>
      <button type="button" className="button" disabled={check.status === "running"} onClick={() => void library.checkOnline()}>
        {check.status === "running" ? t("online.checking") : t("online.check")}
      </button>
      {check.status === "done" && (
        <p className="online-check__result" role="status">
          {check.headersRead > 0 ? t("online.read", { count: check.headersRead }) : t("online.nothingNew")}
        </p>
      )}
      {check.status === "failed" && (
        <p className="online-check__result" role="alert">
          {t("online.failed", { message: check.error.message })}
        </p>
      )}
    </div>
  );
}
