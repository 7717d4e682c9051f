import type { Screen } from "../../state/app-state.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import { useTranslation } from "../../i18n/index.ts";
import { ariaKeys, shortcutKeys } from "../../../../electron/common/shortcuts/shortcut-list.ts";
import { Icon } from "../Icon/Icon.tsx";
import "./TopBar.css";

const screens: readonly { screen: Screen; label: string }[] = [
  { screen: "chat", label: "nav.chat" },
  { screen: "library", label: "nav.library" },
  { screen: "settings", label: "nav.settings" },
];

/** App name, the Chat / Library / Settings switch, the shortcut sheet and (desktop) "Open GGUF file…". */
export function TopBar() {
  const { t } = useTranslation("common");
  const current = useAppState((s) => s.screen);
  const loading = useAppState((s) => s.engine.state === "loading" || s.engine.state === "starting");
  // A browser tab has no native file dialog: the Library's import takes its place there.
  const nativeDialogs = useAppState((s) => s.host === "electron");
  const { setScreen, openModelFile, showShortcuts } = useActions();
  const settingsKeys = shortcutKeys("settings");

  return (
    <header className="top-bar">
      <h1 className="top-bar__title">{t("app.title")}</h1>
      <nav className="top-bar__nav" aria-label={t("nav.label")}>
        {screens.map(({ screen, label }) => (
          <button
            key={screen}
            type="button"
            className="top-bar__tab"
            aria-current={screen === current ? "page" : undefined}
            {...(screen === "settings" && { title: t("workspace:shortcuts.with", { label: t(label), keys: settingsKeys }), "aria-keyshortcuts": ariaKeys("settings") })}
            onClick={() => setScreen(screen)}
          >
            {t(label)}
          </button>
        ))}
      </nav>
      <button
        type="button"
        className="icon-button top-bar__shortcuts"
        aria-label={t("workspace:shortcuts.open")}
        title={t("workspace:shortcuts.with", { label: t("workspace:shortcuts.open"), keys: "?" })}
        aria-keyshortcuts={`? ${ariaKeys("sheet")}`}
        onClick={() => showShortcuts(true)}
      >
        <span aria-hidden="true">{shortcutKeys("sheet")}</span>
      </button>
      {nativeDialogs && (
        <button type="button" className="button top-bar__open" disabled={loading} onClick={() => void openModelFile()}>
          <Icon name="folder" />
          {t("model.open")}
        </button>
      )}
    </header>
  );
}
