import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from "electron";
import { appMenuTemplate, menuKeyPress, type AppMenuItem } from "../common/shortcuts/app-menu.ts";
import type { Language } from "../common/shortcuts/menu-labels.ts";

/** The application menu in the settings' language; a shortcut item presses its key in the window's page. */
export function setAppMenu(language: Language, window: () => BrowserWindow | undefined): void {
  const toElectron = (item: AppMenuItem): MenuItemConstructorOptions => {
    if (!("shortcut" in item)) return item;
    const { shortcut, ...shown } = item;
    return { ...shown, click: () => pressInPage(window(), menuKeyPress(shortcut)) };
  };
  const template = appMenuTemplate(language).map(({ label, submenu }) => ({ label, submenu: submenu.map(toElectron) }));
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function pressInPage(window: BrowserWindow | undefined, { keyCode, modifiers }: ReturnType<typeof menuKeyPress>): void {
  const contents = window?.webContents;
  if (!contents || contents.isDestroyed()) return;
  contents.focus();
  contents.sendInputEvent({ type: "keyDown", keyCode, modifiers });
  contents.sendInputEvent({ type: "keyUp", keyCode, modifiers });
}
