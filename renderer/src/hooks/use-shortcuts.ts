import { useEffect } from "react";
import { isGenerating } from "../state/app-state.ts";
import type { AppStore } from "../state/app-store.ts";

/** The id of the chat search box (the sidebar's), which Ctrl+K focuses. */
export const chatSearchId = "chat-search";
/** The id of the message box, focused after "New chat". */
export const composerId = "composer-input";

/** A new chat (or the empty one already open), with the keyboard in its message box. */
export async function startNewChat(actions: Pick<AppStore["actions"], "newChat">): Promise<void> {
  await actions.newChat();
  document.getElementById(composerId)?.focus();
}

/** Typing there: "?" is a character, not the shortcut sheet. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/**
 * The app's keyboard shortcuts (Ctrl or ⌘; listed in electron/common/shortcuts/shortcut-list.ts): N new chat, K search, "," settings,
 * Shift+C copy the last answer, "/" (or "?" outside a text field) the shortcut sheet; Esc stops the answer
 * being generated (unless something focused used Esc itself).
 */
export function handleShortcut(event: KeyboardEvent, store: Pick<AppStore, "getState" | "actions">): boolean {
  const { actions } = store;
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  if (mod && !event.altKey && !event.shiftKey && key === "n") {
    void startNewChat(actions);
  } else if (mod && !event.altKey && !event.shiftKey && key === "k") {
    if (store.getState().screen !== "chat") actions.setScreen("chat");
    const search = document.getElementById(chatSearchId);
    search?.focus();
    if (search instanceof HTMLInputElement) search.select();
  } else if (mod && !event.altKey && !event.shiftKey && key === ",") {
    actions.setScreen("settings");
  } else if ((mod && !event.altKey && key === "/") || (!mod && !event.altKey && event.key === "?" && !isTyping(event.target))) {
    actions.showShortcuts(!store.getState().shortcutsOpen);
  } else if (mod && event.shiftKey && !event.altKey && key === "c") {
    void actions.chats.copyLastAnswer();
  } else if (key === "escape" && !mod && !event.defaultPrevented) {
    const state = store.getState();
    if (!isGenerating(state, state.activeId)) return false;
    void actions.stop();
  } else {
    return false;
  }
  event.preventDefault();
  return true;
}

export function useShortcuts(store: Pick<AppStore, "getState" | "actions">, target: Document = document): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.repeat || event.key.toLowerCase() !== "n") handleShortcut(event, store);
    };
    target.addEventListener("keydown", onKeyDown);
    return () => target.removeEventListener("keydown", onKeyDown);
  }, [store, target]);
}
