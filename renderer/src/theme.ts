import type { Theme } from "../../electron/common/contract/app/settings.ts";

/** Sets `<html data-theme>`, which global.css reads ("system" follows prefers-color-scheme). */
export function applyTheme(preference: Theme, root: HTMLElement = document.documentElement): void {
  root.dataset["theme"] = preference;
}
