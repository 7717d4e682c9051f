import { useEffect, useId, useRef, useState } from "react";
import type { RemoteServerEntry } from "../../../../electron/common/contract/app/remote.ts";
import { useTranslation } from "../../i18n/index.ts";
import { useActions } from "../../state/StoreProvider.tsx";
import { ConnectionTest } from "./ConnectionTest.tsx";
import { PlainHttpNote } from "./PlainHttpNote.tsx";
import "./RemoteServerItem.css";

interface RemoteServerItemProps {
  server: RemoteServerEntry;
  onEdit(): void;
}

/** One other computer: what it is and where, whether a key is saved, Test connection, Edit, and Remove (asked first). */
export function RemoteServerItem({ server, onEdit }: RemoteServerItemProps) {
  const { t } = useTranslation("remote");
  const { remote } = useActions();
  const titleId = useId();
  const [confirming, setConfirming] = useState(false);
  const [removing, setRemoving] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) cancelRef.current?.focus();
  }, [confirming]);

  const remove = async () => {
    setRemoving(true);
    const removed = await remote.remove(server.id);
    // Removed: main's `remote.changed` takes this row away. Failed (reported): ask again.
    if (!removed) {
      setRemoving(false);
      setConfirming(false);
    }
  };

  return (
    <li className="card remote-item" aria-labelledby={titleId}>
      <div className="remote-item__head">
        <h4 id={titleId} className="remote-item__name">
          {server.name}
        </h4>
        <span className="remote-item__kind">{t(`kind.${server.kind}`)}</span>
      </div>
      <ul className="remote-item__facts">
        <li className="remote-item__address">{server.address}</li>
        <li>{server.hasKey ? t("item.keySaved") : t("item.noKey")}</li>
      </ul>
      {server.insecure && <PlainHttpNote />}
      {confirming ? (
        <div className="remote-item__confirm" role="group" aria-labelledby={`${titleId}-confirm`}>
          <p id={`${titleId}-confirm`}>{t("item.confirmRemove", { name: server.name })}</p>
          <button type="button" className="button button--danger" disabled={removing} onClick={() => void remove()}>
            {t("item.remove")}
          </button>
          <button ref={cancelRef} type="button" className="button" onClick={() => setConfirming(false)}>
            {t("form.cancel")}
          </button>
        </div>
      ) : (
        <div className="remote-item__actions">
          <ConnectionTest serverId={server.id} serverName={server.name} />
          <button type="button" className="button" aria-label={t("item.editLabel", { name: server.name })} onClick={onEdit}>
            {t("item.edit")}
          </button>
          <button type="button" className="button" aria-label={t("item.removeLabel", { name: server.name })} onClick={() => setConfirming(true)}>
            {t("item.removeAsk")}
          </button>
        </div>
      )}
    </li>
  );
}
