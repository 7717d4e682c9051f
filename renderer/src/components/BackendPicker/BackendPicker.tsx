import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import type { Conversation } from "../../../../electron/common/contract/app/chat.ts";
import { formatNumber } from "../../i18n/format-number.ts";
import { useTranslation } from "../../i18n/index.ts";
import type { AppState } from "../../state/app-state.ts";
import { localBackend, serverById } from "../../state/remote-state.ts";
import { backendLabel } from "../../state/remote-text.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import { PlainHttpNote } from "../RemoteServerItem/PlainHttpNote.tsx";
import { choiceKey, currentChoice, type BackendChoice } from "./backend-choice.ts";
import { BackendChoices } from "./BackendChoices.tsx";
import { useServerModels } from "./use-server-models.ts";
import "./BackendPicker.css";

interface BackendPickerProps {
  conversation: Pick<Conversation, "id" | "modelId" | "backend">;
  /** How many messages the chat has: switching to another computer sends them there. */
  messageCount: number;
  busy: boolean;
}

const loadedModelName = (s: AppState) => (s.engine.state === "ready" || s.engine.state === "generating" ? s.engine.model.name : null);

/**
 * Who answers this chat — "This Pi · <model>" or "<server> · <model>" — and a panel to change it: this device's
 * models and each other computer's, asked for when the panel opens. A choice is staged, then applied with "Use";
 * moving a chat with messages to another computer says first that its history will be sent there.
 */
export function BackendPicker({ conversation, messageCount, busy }: BackendPickerProps) {
  const { t, i18n } = useTranslation("remote");
  const { t: workspaceT } = useTranslation("workspace");
  const { remote, presets, library } = useActions();
  const servers = useAppState((s) => s.remoteServers);
  const installed = useAppState((s) => s.library.installed.value?.models);
  const loadedName = useAppState(loadedModelName);
  const [open, setOpen] = useState(false);
  const current = currentChoice(conversation.backend, conversation.modelId);
  const [staged, setStaged] = useState<BackendChoice>(current);
  const { byServer, retry } = useServerModels(servers, open);
  const ids = { panel: useId(), radios: useId() };
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!installed) void library.loadInstalled();
  }, [installed, library]);

  useEffect(() => {
    if (!open) return;
    (panelRef.current?.querySelector<HTMLInputElement>("input[type=radio]:checked") ?? panelRef.current?.querySelector<HTMLElement>("input, button"))?.focus();
    const outside = (event: MouseEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", outside);
    return () => document.removeEventListener("mousedown", outside);
  }, [open]);

  const localModel = conversation.modelId?.replace(/\.gguf$/i, "") ?? loadedName ?? workspaceT("picker.modelLoaded");
  const label = backendLabel(conversation.backend, localModel, servers, t);
  const changed = choiceKey(staged) !== choiceKey(current);
  const stagedServer = staged.kind === "remote" ? serverById(servers, staged.serverId) : undefined;
  const currentServer = current.kind === "remote" ? serverById(servers, current.serverId) : undefined;

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };
  const toggle = () => {
    if (!open) setStaged(current);
    setOpen(!open);
  };
  const apply = async () => {
    close();
    if (staged.kind === "remote") {
      await remote.setBackend(conversation.id, { kind: "remote", serverId: staged.serverId, model: staged.model });
      return;
    }
    if (current.kind === "remote") await remote.setBackend(conversation.id, localBackend);
    if ((conversation.modelId ?? "") !== staged.modelId) await presets.setChatModel(conversation.id, staged.modelId || null);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "Escape") return;
    event.stopPropagation();
    close();
  };

  return (
    <div ref={rootRef} className="backend-picker">
      <span className="chat-pickers__label">{workspaceT("picker.model")}</span>
      <button
        ref={buttonRef}
        type="button"
        className="backend-picker__button"
        aria-label={t("picker.buttonLabel", { label })}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? ids.panel : undefined}
        title={label}
        disabled={busy}
        onClick={toggle}
      >
        {label}
      </button>
      {open && (
        <div ref={panelRef} id={ids.panel} className="backend-picker__panel" role="dialog" aria-label={t("picker.title")} onKeyDown={onKeyDown}>
          <BackendChoices
            name={ids.radios}
            staged={staged}
            current={current}
            localModels={installed ?? []}
            servers={servers ?? []}
            byServer={byServer}
            onStage={setStaged}
            onRetry={(id) => void retry(id)}
          />
          {servers?.length === 0 && <p className="backend-picker__status">{t("picker.noServers")}</p>}
          {changed && stagedServer && messageCount > 0 && (
            <p className="remote-note">{t("picker.historyNote", { count: messageCount, messages: formatNumber(messageCount, i18n.language), server: stagedServer.name })}</p>
          )}
          {changed && stagedServer?.insecure && <PlainHttpNote />}
          {changed && staged.kind === "local" && currentServer && <p className="remote-note">{t("picker.localNote", { server: currentServer.name })}</p>}
          <div className="backend-picker__actions">
            <button type="button" className="button button--primary" disabled={!changed} onClick={() => void apply()}>
              {t("picker.use")}
            </button>
            <button type="button" className="button" onClick={close}>
              {t("form.cancel")}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
