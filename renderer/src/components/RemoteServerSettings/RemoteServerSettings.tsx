import { useId, useState } from "react";
import { useTranslation } from "../../i18n/index.ts";
import { useAppState } from "../../state/StoreProvider.tsx";
import { RemoteServerForm } from "../RemoteServerForm/RemoteServerForm.tsx";
import { RemoteServerItem } from "../RemoteServerItem/RemoteServerItem.tsx";
import "./RemoteServerSettings.css";

/**
 * Settings → Other computers: servers with a bigger model (Ollama, or OpenAI-compatible such as llama.cpp's
 * llama-server) that a chat can be answered by. Each is contacted only when asked: a test, a model list, a chat.
 */
export function RemoteServerSettings() {
  const { t } = useTranslation("remote");
  const servers = useAppState((s) => s.remoteServers);
  const headingId = useId();
  /** "new", a server's id, or null: which form is open. */
  const [editing, setEditing] = useState<string | null>(null);

  return (
    <section className="settings-section remote-settings" aria-labelledby={headingId}>
      <header className="settings-section__header">
        <h3 id={headingId} className="settings-section__title">
          {t("settings.title")}
        </h3>
        <button type="button" className="button settings-section__reset" disabled={editing !== null} onClick={() => setEditing("new")}>
          {t("settings.add")}
        </button>
      </header>
      <p className="settings-section__description">{t("settings.description")}</p>
      {editing === "new" && <RemoteServerForm onDone={() => setEditing(null)} />}
      {servers === null ? (
        <p className="remote-settings__empty">{t("settings.loading")}</p>
      ) : servers.length === 0 ? (
        editing === null && <p className="remote-settings__empty">{t("settings.none")}</p>
      ) : (
        <ul className="remote-settings__list">
          {servers.map((server) =>
            editing === server.id ? (
              <li key={server.id} className="remote-settings__editing">
                <RemoteServerForm server={server} onDone={() => setEditing(null)} />
              </li>
            ) : (
              <RemoteServerItem key={server.id} server={server} onEdit={() => setEditing(server.id)} />
            ),
          )}
        </ul>
      )}
    </section>
  );
}
