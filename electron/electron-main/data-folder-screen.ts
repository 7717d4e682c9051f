import { app, dialog } from "electron";
import { acquireDataFolderLock, type DataFolderLock } from "../node/services/storage/data-folder-lock.ts";
import { busyScreenText, refusedScreenText, screenLanguage } from "../node/services/storage/data-folder-busy-text.ts";

/**
 * The desktop app's side of the data-folder lock: while `edge-gemma --headless` or `npm run serve` holds the folder,
 * a message says which one, where to open it and how to stop it, with Try again; undefined when the person quits.
 */
export async function lockDataFolderOrAsk(dataDir: string): Promise<DataFolderLock | undefined> {
  for (;;) {
    const attempt = await acquireDataFolderLock(dataDir, "desktop");
    if (attempt.ok) {
      // The lock's own `exit` listener covers a crash; a normal quit releases it here.
      app.once("will-quit", () => attempt.lock.release());
      return attempt.lock;
    }
    // electron.d.ts: getPreferredSystemLanguages() is "the user's preferred system languages", most preferred first.
    const language = await screenLanguage(dataDir, app.getPreferredSystemLanguages());
    const text = attempt.reason === "held" ? busyScreenText(attempt.holder, dataDir, language) : refusedScreenText(attempt.message, language);
    // electron.d.ts MessageBoxOptions: `response` is the index of the clicked button; cancelId is what Esc gives.
    const { response } = await dialog.showMessageBox({
      type: "warning",
      title: text.title,
      message: text.message,
      detail: text.detail,
      buttons: [text.tryAgain, text.quit],
      defaultId: 0,
      cancelId: 1,
      noLink: true,
    });
    if (response !== 0) return undefined;
  }
}
