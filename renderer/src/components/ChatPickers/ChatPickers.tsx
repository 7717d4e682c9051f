import { useId } from "react";
import type { Conversation } from "../../../../electron/common/contract/app/chat.ts";
import { useTranslation } from "../../i18n/index.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import { BackendPicker } from "../BackendPicker/BackendPicker.tsx";
import { presetName } from "./preset-name.ts";
import "./ChatPickers.css";

interface ChatPickersProps {
  conversation: Pick<Conversation, "id" | "presetId" | "modelId" | "backend">;
  messageCount: number;
  busy: boolean;
}

/**
 * The chat's model — on this device or another computer (BackendPicker) — and preset, in its header (as in LM Studio
 * and Jan): each saved with the chat, applied to its next answer.
 */
export function ChatPickers({ conversation, messageCount, busy }: ChatPickersProps) {
  const { t } = useTranslation("workspace");
  const { presets: presetActions } = useActions();
  const presets = useAppState((s) => s.presets);
  const ids = { preset: useId() };

  return (
    <div className="chat-pickers">
      <BackendPicker conversation={conversation} messageCount={messageCount} busy={busy} />
      <label className="chat-pickers__field" htmlFor={ids.preset}>
        <span className="chat-pickers__label">{t("picker.preset")}</span>
        <select
          id={ids.preset}
          className="chat-pickers__select"
          aria-label={t("picker.presetLabel")}
          value={conversation.presetId ?? ""}
          disabled={busy}
          onChange={(event) => void presetActions.setForChat(conversation.id, event.target.value || null)}
        >
          <option value="">{t("picker.presetNone")}</option>
          {presets.map((preset) => (
            <option key={preset.id} value={preset.id}>
              {presetName(preset, t)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
