import type { Screen } from "../../state/app-state.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import { t, type StringKey } from "../../strings.ts";
import { Icon } from "../Icon/Icon.tsx";
import "./TopBar.css";

const screens: readonly { screen: Screen; label: StringKey }[] = [
  { screen: "chat", label: "nav.chat" },
  { screen: "library", label: "nav.library" },
  { screen: "settings", label: "nav.settings" },
];

/** App name, the Chat / Library / Settings switch, and the model picker. */
export function TopBar() {
  const current = useAppState((s) => s.screen);
  const loading = useAppState((s) => s.engine.state === "loading" || s.engine.state === "starting");
  const { setScreen, openModelFile } = useActions();

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
            onClick={() => setScreen(screen)}
          >
            {t(label)}
          </button>
        ))}
      </nav>
      <button type="button" className="button top-bar__open" disabled={loading} onClick={() => void openModelFile()}>
        <Icon name="folder" />
        {t("model.open")}
      </button>
    </header>
  );
}
