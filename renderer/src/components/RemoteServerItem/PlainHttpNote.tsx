import { useTranslation } from "../../i18n/index.ts";
import "./RemoteServerItem.css";

/** Said wherever a plain-HTTP server is added, listed or picked: nothing sent to it is encrypted. */
export function PlainHttpNote() {
  const { t } = useTranslation("remote");
  return <p className="remote-note remote-note--warning">{t("plainHttp")}</p>;
}
