/** Every keyboard shortcut, once: the sheet lists them, tooltips name them, `use-shortcuts` handles the global ones. */
export const shortcutList = [
  { id: "newChat", keys: [["Ctrl", "N"]] },
  { id: "search", keys: [["Ctrl", "K"]] },
  { id: "settings", keys: [["Ctrl", ","]] },
  { id: "copy", keys: [["Ctrl", "Shift", "C"]] },
  { id: "stop", keys: [["Esc"]] },
  { id: "send", keys: [["Enter"]] },
  { id: "newline", keys: [["Shift", "Enter"]] },
  { id: "listMove", keys: [["↑"], ["↓"], ["Home"], ["End"]] },
  { id: "rename", keys: [["F2"]] },
  { id: "delete", keys: [["Delete"]] },
  { id: "sheet", keys: [["?"], ["Ctrl", "/"]] },
] as const satisfies readonly { id: string; keys: readonly (readonly string[])[] }[];

export type ShortcutId = (typeof shortcutList)[number]["id"];

/** "Ctrl+N" — the first way to press it, for a tooltip. */
export function shortcutKeys(id: ShortcutId): string {
  const entry = shortcutList.find((shortcut) => shortcut.id === id);
  return entry?.keys[0]?.join("+") ?? "";
}

/** The `aria-keyshortcuts` value of a control ("Control+N"). */
export function ariaKeys(id: ShortcutId): string {
  return shortcutKeys(id).replace("Ctrl", "Control").replace("Esc", "Escape");
}
