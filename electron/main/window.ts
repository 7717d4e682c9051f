import { BrowserWindow, shell, type WebContents } from "electron";
import { appOrigin } from "./app-protocol.ts";

/** A window that can show only our own pages: isolated, sandboxed, no Node, no navigation, no pop-ups. */
export function createMainWindow(preloadPath: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    title: "Edge Gemma",
    show: false,
    backgroundColor: "#111418",
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  });
  lockDown(window.webContents);
  window.once("ready-to-show", () => window.show());
  void window.loadURL(`${appOrigin}/index.html`);
  return window;
}

function lockDown(contents: WebContents): void {
  contents.on("will-navigate", (event) => event.preventDefault());
  contents.on("will-redirect", (event) => event.preventDefault());
  contents.on("will-attach-webview", (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // A link the user clicked (e.g. the Gemma terms) opens in their browser, never inside the app.
    if (url.startsWith("https://")) void shell.openExternal(url);
    return { action: "deny" };
  });
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
}
