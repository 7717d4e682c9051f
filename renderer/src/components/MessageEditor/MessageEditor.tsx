import { useState, type FormEvent, type KeyboardEvent } from "react";
import { useCompositionGuard } from "../../hooks/use-composition-guard.ts";
import { useTranslation } from "../../i18n/index.ts";
import "./MessageEditor.css";

interface MessageEditorProps {
  initial: string;
  /** False while an answer is being generated: the text can be changed but not sent yet. */
  canSend: boolean;
  onSave(text: string): void;
  onCancel(): void;
}

/** Edits one of the user's messages in place; sending it replaces what came after with a new answer. */
export function MessageEditor({ initial, canSend, onSave, onCancel }: MessageEditorProps) {
  const { t } = useTranslation("common");
  const [text, setText] = useState(initial);
  const trimmed = text.trim();
  const sendable = canSend && trimmed.length > 0;
  const { compositionHandlers, isCompositionKey } = useCompositionGuard();

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (sendable) onSave(trimmed);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter and Esc inside an input method's composition confirm or cancel the composition, nothing else.
    if (isCompositionKey(event)) return;
    if (event.key === "Escape") {
      // Handled here: Esc must not also stop a generation.
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    } else if (event.key === "Enter" && !event.shiftKey) {
      submit(event);
    }
  };

  return (
    <form className="message-editor" onSubmit={submit}>
      <textarea
        className="message-editor__input"
        aria-label={t("edit.label")}
        value={text}
        // Opened on purpose by the reader: the text box takes the focus.
        autoFocus
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        {...compositionHandlers}
      />
      <p className="message-editor__hint">{t("edit.hint")}</p>
      <div className="message-editor__buttons">
        <button type="button" className="button" onClick={onCancel}>
          {t("edit.cancel")}
        </button>
        <button type="submit" className="button button--primary" disabled={!sendable}>
          {t("edit.send")}
        </button>
      </div>
    </form>
  );
}
