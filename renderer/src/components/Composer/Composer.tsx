import { ariaKeys, shortcutKeys } from "../../../../electron/common/shortcuts/shortcut-list.ts";
import { memo, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { canSend, hasModel, isGenerating } from "../../state/app-state.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import { useTranslation } from "../../i18n/index.ts";
import { useCompositionGuard } from "../../hooks/use-composition-guard.ts";
import { composerId } from "../../hooks/use-shortcuts.ts";
import { Icon } from "../Icon/Icon.tsx";
import "./Composer.css";

/**
 * The message box: Enter sends, Shift+Enter adds a line; Stop replaces Send while an answer is generated.
 * Memoised (it has no props): the chat screen re-renders with every streamed frame, the message box need not.
 */
export const Composer = memo(function Composer() {
  const { t } = useTranslation("common");
  const modelLoaded = useAppState(hasModel);
  const engineFree = useAppState(canSend);
  const generating = useAppState((s) => isGenerating(s, s.activeId));
  const { send, stop } = useActions();
  const [text, setText] = useState("");
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const { compositionHandlers, isCompositionKey } = useCompositionGuard();

  const message = text.trim();
  const sendable = engineFree && !generating && message.length > 0;

  const submit = () => {
    if (!sendable) return;
    setText("");
    void send(message);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit();
  };

  const onStop = () => {
    // The Stop button is about to disappear: keep the keyboard user in the message box.
    inputRef.current?.focus();
    void stop();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Shift+Enter keeps the browser's newline; Enter while an IME is composing confirms the composition.
    if (event.key !== "Enter" || event.shiftKey || isCompositionKey(event)) return;
    event.preventDefault();
    submit();
  };

  return (
    <form className="composer" onSubmit={onSubmit}>
      <textarea
        ref={inputRef}
        id={composerId}
        className="composer__input"
        aria-label={t("composer.label")}
        placeholder={modelLoaded ? t("composer.placeholder") : t("composer.placeholderNoModel")}
        value={text}
        rows={1}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        {...compositionHandlers}
      />
      {generating ? (
        <button
          type="button"
          className="button button--danger composer__button"
          title={t("workspace:shortcuts.with", { label: t("composer.stop"), keys: shortcutKeys("stop") })}
          aria-keyshortcuts={ariaKeys("stop")}
          onClick={onStop}
        >
          <Icon name="stop" />
          {t("composer.stop")}
        </button>
      ) : (
        <button
          type="submit"
          className="button button--primary composer__button"
          title={t("workspace:shortcuts.with", { label: t("composer.send"), keys: shortcutKeys("send") })}
          disabled={!sendable}
        >
          <Icon name="send" />
          {t("composer.send")}
        </button>
      )}
    </form>
  );
});
