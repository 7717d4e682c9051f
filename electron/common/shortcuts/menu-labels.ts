import type { Settings } from "../contract/app/settings.ts";
import type { Shortcut } from "./shortcut-list.ts";

export type Language = Settings["appearance"]["language"];
export type MenuName = "file" | "edit" | "chat" | "view" | "help";
/** Electron's built-in menu roles the app menu uses (a subset of electron.d.ts's `MenuItemConstructorOptions["role"]`). */
export type MenuRole = "quit" | "undo" | "redo" | "cut" | "copy" | "paste" | "selectAll" | "resetZoom" | "zoomIn" | "zoomOut" | "togglefullscreen";
/** The shortcuts that work wherever the keyboard is: each is a menu item. */
export type WindowShortcutId = Extract<Shortcut, { scope: "window" }>["id"];

interface MenuLabels {
  menus: Record<MenuName, string>;
  roles: Record<MenuRole, string>;
  shortcuts: Record<WindowShortcutId, string>;
}

/** The application menu's words, in the settings' language (the renderer's own words live in renderer/src/i18n). */
export const menuLabels: Record<Language, MenuLabels> = {
  en: {
    menus: { file: "File", edit: "Edit", chat: "Chat", view: "View", help: "Help" },
    roles: {
      quit: "Quit",
      undo: "Undo",
      redo: "Redo",
      cut: "Cut",
      copy: "Copy",
      paste: "Paste",
      selectAll: "Select All",
      resetZoom: "Actual Size",
      zoomIn: "Zoom In",
      zoomOut: "Zoom Out",
      togglefullscreen: "Full Screen",
    },
    shortcuts: {
      newChat: "New Chat",
      settings: "Settings…",
      search: "Search Chats",
      copy: "Copy the Last Answer",
      stop: "Stop the Answer",
      sheet: "Keyboard Shortcuts",
    },
  },
  "zh-CN": {
    menus: { file: "文件", edit: "编辑", chat: "对话", view: "视图", help: "帮助" },
    roles: {
      quit: "退出",
      undo: "撤销",
      redo: "重做",
      cut: "剪切",
      copy: "复制",
      paste: "粘贴",
      selectAll: "全选",
      resetZoom: "实际大小",
      zoomIn: "放大",
      zoomOut: "缩小",
      togglefullscreen: "全屏",
    },
    shortcuts: {
      newChat: "新对话",
      settings: "设置…",
      search: "搜索对话",
      copy: "复制最后一条回答",
      stop: "停止回答",
      sheet: "键盘快捷键",
    },
  },
};
