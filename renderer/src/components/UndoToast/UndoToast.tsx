import { useEffect } from "react";
import { useTranslation } from "../../i18n/index.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import { Icon } from "../Icon/Icon.tsx";
import "./UndoToast.css";

const visibleMs = 12_000;

/** "Chat deleted — Undo", for a while after a delete (main keeps the chat restorable meanwhile). */
export function UndoToast() {
  const { t } = useTranslation("common");
  const deleted = useAppState((s) => s.deleted);
  const { chats } = useActions();

  useEffect(() => {
    if (!deleted) return;
    const timer = setTimeout(() => chats.dismissUndo(), visibleMs);
    return () => clearTimeout(timer);
  }, [deleted, chats]);

  return (
    // Always in the DOM, so screen readers announce what is put into it.
    <div className="undo-toast" aria-live="polite">
      {deleted && (
        <div className="undo-toast__box">
          <p className="undo-toast__text">
            {t("toast.deleted")}
            <span className="undo-toast__title">{t("toast.deletedTitle", { title: deleted.title.trim() || t("sidebar.untitled") })}</span>
          </p>
          <button type="button" className="button undo-toast__undo" onClick={() => void chats.undoRemove()}>
            {t("toast.undo")}
          </button>
          <button type="button" className="icon-button" aria-label={t("notice.dismiss")} onClick={() => chats.dismissUndo()}>
            <Icon name="close" />
          </button>
        </div>
      )}
    </div>
  );
}
