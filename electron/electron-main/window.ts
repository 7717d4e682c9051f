import { BrowserWindow, shell, type WebContents } from "electron";
import { isAllowedExternalPage } from "../common/web-page-policy.ts";
import { appOrigin } from "./app-protocol.ts";

/**
 * A window that can show only our own pages: isolated, sandboxed, no Node, no navigation, no pop-ups. Links to
 * `externalPages` (the pages the app names: Gemma terms, catalog model pages) open in the user's browser.
 */
export function createMainWindow(preloadPath: string, externalPages: ReadonlySet<string>): BrowserWindow {
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
  lockDown(window.webContents, externalPages);
  window.once("ready-to-show", () => window.show());
  void window.loadURL(`${appOrigin}/index.html`);
  return window;
}

function lockDown(contents: WebContents, externalPages: ReadonlySet<string>): void {
  contents.on("will-navigate", (event) => event.preventDefault());
  contents.on("will-redirect", (event) => event.preventDefault());
  contents.on("will-attach-webview", (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // A page the app names (e.g. the Gemma terms) opens in the user's browser; any other link (one in a model's answer,
    // say) opens nowhere, and nothing opens inside the app.
    if (isAllowedExternalPage(url, externalPages)) void shell.openExternal(url);
    return { action: "deny" };
  });
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
}
