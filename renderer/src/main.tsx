import "./zod-csp.ts";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { AppError } from "../../electron/common/contract/errors.ts";
import { createAppClient } from "./api/client.ts";
import { selectTransport } from "./api/transport.ts";
import { App } from "./components/App/App.tsx";
import { startHighlighter } from "./components/Markdown/highlighter.ts";
import { restoreCachedAppearance } from "./hooks/use-appearance.ts";
import { createAppStore } from "./state/app-store.ts";
import { StoreProvider } from "./state/StoreProvider.tsx";
import { i18nInstance, initI18n } from "./i18n/index.ts";
import "./styles/global.css";

initI18n("en");
restoreCachedAppearance();
const { kind, transport } = selectTransport(window, (url) => new WebSocket(url), () => onDisconnected());
const client = createAppClient(transport);
const store = createAppStore(client, { host: kind === "preload" ? "electron" : "browser" });

/** The browser host went away: fail what is pending and say so (the preload's channel never closes). */
function onDisconnected() {
  const error = new AppError("UNAVAILABLE", i18nInstance.t("notice.disconnected"));
  client.close(error);
  store.actions.report(error);
}

const container = document.getElementById("root");
if (!container) throw new Error("index.html has no #root");
createRoot(container).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
void store.start();
setTimeout(startHighlighter, 0);
