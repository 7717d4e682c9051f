import { menuLabels, type Language, type MenuName, type MenuRole, type WindowShortcutId } from "./menu-labels.ts";
import { shortcutList } from "./shortcut-list.ts";

/**
 * The application menu as plain data (main turns it into Electron's Menu): the window-wide shortcuts as items that
 * show their keys, and the usual editing, zoom and quit items. A shortcut item doesn't register its accelerator —
 * the renderer already handles the key — and choosing it presses that key in the page, so both ways do the same.
 */
export type AppMenuItem =
  | { type: "separator" }
  | { label: string; role: MenuRole }
  | { label: string; shortcut: WindowShortcutId; accelerator: string; registerAccelerator: false };

export interface AppMenu {
  label: string;
  submenu: AppMenuItem[];
}

type Slot = { shortcut: WindowShortcutId } | { role: MenuRole } | "separator";

const layout: { menu: MenuName; items: Slot[] }[] = [
  { menu: "file", items: [{ shortcut: "newChat" }, "separator", { shortcut: "settings" }, "separator", { role: "quit" }] },
  { menu: "edit", items: [{ role: "undo" }, { role: "redo" }, "separator", { role: "cut" }, { role: "copy" }, { role: "paste" }, { role: "selectAll" }] },
  { menu: "chat", items: [{ shortcut: "search" }, { shortcut: "copy" }, { shortcut: "stop" }] },
  { menu: "view", items: [{ role: "resetZoom" }, { role: "zoomIn" }, { role: "zoomOut" }, "separator", { role: "togglefullscreen" }] },
  { menu: "help", items: [{ shortcut: "sheet" }] },
];

export function appMenuTemplate(language: Language): AppMenu[] {
  const labels = menuLabels[language];
  return layout.map(({ menu, items }) => ({
    label: labels.menus[menu],
    submenu: items.map((slot): AppMenuItem => {
      if (slot === "separator") return { type: "separator" };
      if ("role" in slot) return { label: labels.roles[slot.role], role: slot.role };
      return { label: labels.shortcuts[slot.shortcut], shortcut: slot.shortcut, accelerator: menuAccelerator(slot.shortcut), registerAccelerator: false };
    }),
  }));
}

/** The way to press a shortcut a menu shows: the first with a modifier ("Ctrl+/" rather than "?", which types in a text field). */
export function menuCombo(id: WindowShortcutId): readonly string[] {
  const { keys } = shortcutList.find((shortcut) => shortcut.id === id) ?? { keys: [] };
  return keys.find((combo) => combo.length > 1) ?? keys[0] ?? [];
}

// Our key names → Electron's accelerator names (electron/electron docs/api/accelerator.md: CmdOrCtrl, Escape, Up, Down).
const acceleratorNames: Record<string, string> = { Ctrl: "CmdOrCtrl", Esc: "Escape", "↑": "Up", "↓": "Down" };

/** "CmdOrCtrl+Shift+C": the menu shows Ctrl on Linux and ⌘ on macOS, where the renderer accepts either. */
export function menuAccelerator(id: WindowShortcutId): string {
  return menuCombo(id).map((key) => acceleratorNames[key] ?? key).join("+");
}

/**
 * The key press a menu item replays into the page (Electron's KeyboardInputEvent: `keyCode` takes accelerator key
 * names, `modifiers` names like "control" — electron.d.ts), so the renderer's own key handling runs.
 */
export function menuKeyPress(id: WindowShortcutId): { keyCode: string; modifiers: ("control" | "shift")[] } {
  const combo = menuCombo(id);
  const modifiers = combo.filter((key) => key === "Ctrl" || key === "Shift").map((key) => (key === "Ctrl" ? "control" : "shift"));
  const key = combo.at(-1) ?? "";
  return { keyCode: acceleratorNames[key] ?? key, modifiers };
}
