import { app, dialog, safeStorage, shell, BrowserWindow } from "electron";
import { externalPagesOf } from "../common/web-page-policy.ts";
import { loadBundledCatalog } from "../../models/catalog.ts";
import type { ApiAccess } from "../node/api/api-access.ts";
import { DesktopPriority } from "../node/api/desktop-priority.ts";
import { startApiAccess } from "../node/api/start-api-access.ts";
import { AppBackend } from "../node/services/app-backend.ts";
import { setAppMenu } from "./app-menu.ts";
import { registerAppScheme, serveRenderer } from "./app-protocol.ts";
import { lockDataFolderOrAsk } from "./data-folder-screen.ts";
import { appPaths } from "./paths.ts";
import { connectRendererPort } from "./renderer-port.ts";
import { utilityEngine } from "./utility-engine.ts";
import { createMainWindow } from "./window.ts";

// Launch flags (Wayland/X11, the safe-mode launcher's --disable-gpu) live in electron-builder.yml.
// electron.d.ts, requestSingleInstanceLock(): "scoped to the application's user data directory"; a second window launch
// quits here and the first one's `second-instance` focuses its window. Headless and serve are not Electron apps: the
// data-folder lock (lockDataFolderOrAsk) keeps them and the desktop app apart.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  // The person at the screen goes first: a program's answer through the local API stops for theirs.
  const desktopPriority = new DesktopPriority();
  let api: ApiAccess | undefined;
  const backend = new AppBackend({
    beforeDesktopAnswer: desktopPriority.beforeDesktopAnswer,
    spawnEngine: utilityEngine(appPaths.engineEntry),
    // The window's renderer runs here: the Library's fit verdict counts its memory as already in use.
    localRenderer: true,
    tokenCipher: {
      get encrypted() {
        return safeStorage.isEncryptionAvailable();
      },
      encrypt: (plain) => (safeStorage.isEncryptionAvailable() ? safeStorage.encryptString(plain) : Buffer.from(plain, "utf8")),
      decrypt: (stored) => (safeStorage.isEncryptionAvailable() ? safeStorage.decryptString(stored) : stored.toString("utf8")),
    },
    userDataDir: app.getPath("userData"),
    openModelFile: async () => {
      const window = BrowserWindow.getFocusedWindow() ?? undefined;
      const options: Electron.OpenDialogOptions = {
        title: "Open a Gemma 2 GGUF file",
        properties: ["openFile"],
        filters: [{ name: "GGUF models", extensions: ["gguf"] }],
      };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    // Only main's own models folder is ever passed here (electron.d.ts: openPath resolves with "" or an error message).
    openFolder: async (folder) => {
      const failure = await shell.openPath(folder);
      if (failure !== "") throw new Error(`The file manager could not open ${folder}: ${failure}`);
    },
    onRejected: (reason) => console.warn(`[main] rejected a renderer message: ${reason}`),
  });

  let mainWindow: BrowserWindow | undefined;
  const openWindow = () => {
    mainWindow = createMainWindow(appPaths.preload, externalPagesOf(loadBundledCatalog()));
    connectRendererPort(mainWindow.webContents, (transport) => backend.connect(transport));
    mainWindow.on("closed", () => (mainWindow = undefined));
  };

  app.on("second-instance", () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on("web-contents-created", (_event, contents) => {
    contents.on("will-navigate", (navigation) => navigation.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: "deny" }));
  });
  app.on("window-all-closed", () => app.quit());
  app.on("before-quit", () => {
    void api?.close();
    backend.dispose();
  });

  void app.whenReady().then(async () => {
    serveRenderer(appPaths.renderer);
    if (!(await lockDataFolderOrAsk(app.getPath("userData")))) {
      app.quit();
      return;
    }
    await backend.start();
    const showMenu = () => setAppMenu(backend.settings.current.appearance.language, () => mainWindow);
    showMenu();
    backend.settings.onChange((_settings, changedKeys) => {
      if (changedKeys.includes("appearance.language")) showMenu();
    });
    openWindow();
    // Settings → Programs: ApiAccess runs (and restarts) the API as the settings say; off by default.
    api = await startApiAccess({ backend, desktopPriority, userDataDir: app.getPath("userData"), version: app.getVersion() });
  });
}
