export type ThemePreference = "light" | "dark" | "system";

/** Sets `<html data-theme>`, which global.css reads ("system" follows prefers-color-scheme). */
export function applyTheme(preference: ThemePreference, root: HTMLElement = document.documentElement): void {
  root.dataset["theme"] = preference;
}
