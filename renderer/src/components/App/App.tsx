import { useAppearance } from "../../hooks/use-appearance.ts";
import { useShortcuts } from "../../hooks/use-shortcuts.ts";
import { useAppState, useStore } from "../../state/StoreProvider.tsx";
import { ChatScreen } from "../ChatScreen/ChatScreen.tsx";
import { NoticeBanner } from "../NoticeBanner/NoticeBanner.tsx";
import { LibraryScreen } from "../LibraryScreen/LibraryScreen.tsx";
import { SettingsScreen } from "../SettingsScreen/SettingsScreen.tsx";
import { ShortcutSheet } from "../ShortcutSheet/ShortcutSheet.tsx";
import { Sidebar } from "../Sidebar/Sidebar.tsx";
import { StatusBar } from "../StatusBar/StatusBar.tsx";
import { TopBar } from "../TopBar/TopBar.tsx";
import { UndoToast } from "../UndoToast/UndoToast.tsx";
import "./App.css";

function CurrentScreen() {
  const screen = useAppState((s) => s.screen);
  switch (screen) {
    case "chat":
      return <ChatScreen />;
    case "library":
      return <LibraryScreen />;
    case "settings":
      return <SettingsScreen />;
  }
}

/** Top bar, banners, sidebar + current screen, status bar; the keyboard shortcuts and the appearance settings. */
export function App() {
  useShortcuts(useStore());
  useAppearance();
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
      <UndoToast />
      <ShortcutSheet />
    </div>
  );
}
