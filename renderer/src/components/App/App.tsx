import { useAppState } from "../../state/StoreProvider.tsx";
import { t } from "../../strings.ts";
import { ChatScreen } from "../ChatScreen/ChatScreen.tsx";
import { NoticeBanner } from "../NoticeBanner/NoticeBanner.tsx";
import { PlaceholderScreen } from "../PlaceholderScreen/PlaceholderScreen.tsx";
import { Sidebar } from "../Sidebar/Sidebar.tsx";
import { StatusBar } from "../StatusBar/StatusBar.tsx";
import { TopBar } from "../TopBar/TopBar.tsx";
import "./App.css";

function CurrentScreen() {
  const screen = useAppState((s) => s.screen);
  switch (screen) {
    case "chat":
      return <ChatScreen />;
    case "library":
      return <PlaceholderScreen title={t("placeholder.library.title")} body={t("placeholder.library.body")} />;
    case "settings":
      return <PlaceholderScreen title={t("placeholder.settings.title")} body={t("placeholder.settings.body")} />;
  }
}

/** Top bar, banners, sidebar + current screen, status bar. */
export function App() {
  return (
    <div className="app">
      <TopBar />
      <NoticeBanner />
      <div className="app__body">
        <Sidebar />
        <main className="app__main">
          <CurrentScreen />
        </main>
      </div>
      <StatusBar />
    </div>
  );
}
