import { useEffect, useId, useRef } from "react";
import { shortcutList } from "../../../../electron/common/shortcuts/shortcut-list.ts";
import { useTranslation } from "../../i18n/index.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import { Icon } from "../Icon/Icon.tsx";
import "./ShortcutSheet.css";

/** Every keyboard shortcut, on "?" or Ctrl+/ (and the top bar's button). Esc or Close puts the keyboard back where it was. */
export function ShortcutSheet() {
  const { t } = useTranslation("workspace");
  const open = useAppState((s) => s.shortcutsOpen);
  const { showShortcuts } = useActions();
  const headingId = useId();
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closeRef.current?.focus();
    return () => previous?.focus();
  }, [open]);

  if (!open) return null;
  return (
    <div className="shortcut-sheet__backdrop" onClick={() => showShortcuts(false)}>
      <div
        className="shortcut-sheet"
        role="dialog"
        aria-modal="true"
        aria-labelledby={headingId}
        onClick={(event) => event.stopPropagation()}
        onKeyDown={(event) => {
          if (event.key === "Escape" || event.key === "Tab") {
            // One control inside: Tab stays on it; Esc closes (and is not an answer's Stop).
            event.preventDefault();
            event.stopPropagation();
            if (event.key === "Escape") showShortcuts(false);
          }
        }}
      >
        <div className="shortcut-sheet__header">
          <h2 id={headingId}>{t("shortcuts.title")}</h2>
          <button ref={closeRef} type="button" className="icon-button" aria-label={t("shortcuts.close")} onClick={() => showShortcuts(false)}>
            <Icon name="close" />
          </button>
        </div>
        <dl className="shortcut-sheet__list">
          {shortcutList.map(({ id, keys }) => (
            <div key={id} className="shortcut-sheet__row">
              <dt>{t(`shortcuts.${id}`)}</dt>
              <dd>
                {keys.map((combo, index) => (
                  <span key={combo.join("+")} className="shortcut-sheet__combo">
                    {index > 0 && <span className="shortcut-sheet__or">{"/"}</span>}
                    {combo.map((key) => (
                      <kbd key={key}>{key}</kbd>
                    ))}
                  </span>
                ))}
              </dd>
            </div>
          ))}
        </dl>
      </div>
    </div>
  );
}
