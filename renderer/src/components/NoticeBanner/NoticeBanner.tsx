import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import { t } from "../../strings.ts";
import { Icon } from "../Icon/Icon.tsx";
import "./NoticeBanner.css";

/** Errors from calls (a bad model file, a lost connection…), each until dismissed. */
export function NoticeBanner() {
  const notices = useAppState((s) => s.notices);
  const { dismissNotice } = useActions();
  if (notices.length === 0) return null;
  return (
    <div className="notices">
      {notices.map((notice) => (
        <div key={notice.id} className="notice" role="alert">
          <p className="notice__message">{notice.message}</p>
          <button
            type="button"
            className="icon-button notice__dismiss"
            aria-label={t("notice.dismiss")}
            onClick={() => dismissNotice(notice.id)}
          >
            <Icon name="close" />
          </button>
        </div>
      ))}
    </div>
  );
}
