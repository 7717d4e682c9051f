/**
 * Every keyboard shortcut, once: the sheet lists them, tooltips name them, the renderer handles the keys
 * (`use-shortcuts`), and main's application menu shows the window-wide ones. `window` keys work wherever the
 * keyboard is; `focus` keys act on what has it (the message box, the chat list).
 */
export const shortcutList = [
  { id: "newChat", keys: [["Ctrl", "N"]], scope: "window" },
  { id: "search", keys: [["Ctrl", "K"]], scope: "window" },
  { id: "settings", keys: [["Ctrl", ","]], scope: "window" },
  { id: "copy", keys: [["Ctrl", "Shift", "C"]], scope: "window" },
  { id: "stop", keys: [["Esc"]], scope: "window" },
  { id: "send", keys: [["Enter"]], scope: "focus" },
  { id: "newline", keys: [["Shift", "Enter"]], scope: "focus" },
  { id: "listMove", keys: [["↑"], ["↓"], ["Home"], ["End"]], scope: "focus" },
  { id: "rename", keys: [["F2"]], scope: "focus" },
  { id: "delete", keys: [["Delete"]], scope: "focus" },
  { id: "sheet", keys: [["?"], ["Ctrl", "/"]], scope: "window" },
] as const satisfies readonly { id: string; keys: readonly (readonly string[])[]; scope: "window" | "focus" }[];

export type Shortcut = (typeof shortcutList)[number];
export type ShortcutId = Shortcut["id"];

/** "Ctrl+N" — the first way to press it, for a tooltip. */
export function shortcutKeys(id: ShortcutId): string {
  const entry = shortcutList.find((shortcut) => shortcut.id === id);
  return entry?.keys[0]?.join("+") ?? "";
}

/** The `aria-keyshortcuts` value of a control ("Control+N"). */
export function ariaKeys(id: ShortcutId): string {
  return shortcutKeys(id).replace("Ctrl", "Control").replace("Esc", "Escape");
}
