import { useTranslation } from "../../i18n/index.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import { Icon } from "../Icon/Icon.tsx";
import "./NoticeBanner.css";

/** What went wrong reading settings.json: shown once, until dismissed (main then forgets it). */
function SettingsNotices() {
  const { t } = useTranslation("common");
  const notices = useAppState((s) => s.settings.notices);
  const { settings } = useActions();
  if (notices.length === 0) return null;
  return (
    <div className="notice notice--warning" role="alert">
      <div className="notice__message">
        {notices.map((notice) => (
          <p key={notice} className="notice__line">
            {notice}
          </p>
        ))}
      </div>
      <button type="button" className="icon-button notice__dismiss" aria-label={t("notice.dismiss")} onClick={() => void settings.dismissNotices()}>
        <Icon name="close" />
      </button>
    </div>
  );
}

/** Errors from calls (a bad model file, a lost connection…), each until dismissed; and the settings' notices. */
export function NoticeBanner() {
  const { t } = useTranslation("common");
  const notices = useAppState((s) => s.notices);
  const { dismissNotice } = useActions();
  return (
    <div className="notices">
      <SettingsNotices />
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
