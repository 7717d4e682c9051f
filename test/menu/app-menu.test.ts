// @vitest-environment node
import { describe, expect, it } from "vitest";
import { appMenuTemplate, menuKeyPress, type AppMenuItem } from "../../electron/common/shortcuts/app-menu.ts";
import { shortcutList } from "../../electron/common/shortcuts/shortcut-list.ts";

const shortcutItems = (language: "en" | "zh-CN") =>
  appMenuTemplate(language).flatMap(({ label, submenu }) =>
    submenu.filter((item): item is Extract<AppMenuItem, { shortcut: string }> => "shortcut" in item).map((item) => ({ menu: label, ...item })),
  );

describe("the application menu", () => {
  it("has File, Edit, Chat, View and Help, in English and in 简体中文", () => {
    expect(appMenuTemplate("en").map((menu) => menu.label)).toEqual(["File", "Edit", "Chat", "View", "Help"]);
    expect(appMenuTemplate("zh-CN").map((menu) => menu.label)).toEqual(["文件", "编辑", "对话", "视图", "帮助"]);
  });

  it("shows every window-wide shortcut of the list once, with its keys, without registering them (the page handles the keys)", () => {
    const windowWide = shortcutList.filter((shortcut) => shortcut.scope === "window").map((shortcut) => shortcut.id);
    expect(shortcutItems("en").map((item) => item.shortcut).sort()).toEqual([...windowWide].sort());
    expect(shortcutItems("en").map(({ menu, label, accelerator, registerAccelerator }) => [menu, label, accelerator, registerAccelerator])).toEqual([
      ["File", "New Chat", "CmdOrCtrl+N", false],
      ["File", "Settings…", "CmdOrCtrl+,", false],
      ["Chat", "Search Chats", "CmdOrCtrl+K", false],
      ["Chat", "Copy the Last Answer", "CmdOrCtrl+Shift+C", false],
      ["Chat", "Stop the Answer", "Escape", false],
      ["Help", "Keyboard Shortcuts", "CmdOrCtrl+/", false],
    ]);
  });

  it("says the same in 简体中文, with the same keys", () => {
    expect(shortcutItems("zh-CN").map(({ menu, label, accelerator }) => [menu, label, accelerator])).toEqual([
      ["文件", "新对话", "CmdOrCtrl+N"],
      ["文件", "设置…", "CmdOrCtrl+,"],
      ["对话", "搜索对话", "CmdOrCtrl+K"],
      ["对话", "复制最后一条回答", "CmdOrCtrl+Shift+C"],
      ["对话", "停止回答", "Escape"],
      ["帮助", "键盘快捷键", "CmdOrCtrl+/"],
    ]);
    const labels = (language: "en" | "zh-CN") => appMenuTemplate(language).flatMap((menu) => menu.submenu.flatMap((item) => ("label" in item ? [item.label] : [])));
    expect(labels("zh-CN")).toHaveLength(labels("en").length);
    for (const label of labels("zh-CN")) expect(label).toMatch(/[\u4e00-\u9fff]/);
  });

  it("keeps the usual editing, zoom and quit items (Electron's roles), labelled in the settings' language", () => {
    const roles = (language: "en" | "zh-CN") => appMenuTemplate(language).flatMap((menu) => menu.submenu.flatMap((item) => ("role" in item ? [`${item.role}=${item.label}`] : [])));
    expect(roles("en")).toEqual(["quit=Quit", "undo=Undo", "redo=Redo", "cut=Cut", "copy=Copy", "paste=Paste", "selectAll=Select All", "resetZoom=Actual Size", "zoomIn=Zoom In", "zoomOut=Zoom Out", "togglefullscreen=Full Screen"]);
    expect(roles("zh-CN")).toEqual(["quit=退出", "undo=撤销", "redo=重做", "cut=剪切", "copy=复制", "paste=粘贴", "selectAll=全选", "resetZoom=实际大小", "zoomIn=放大", "zoomOut=缩小", "togglefullscreen=全屏"]);
  });

  it("presses a shortcut's own keys in the page when chosen (Ctrl+/ for the sheet: '?' would type in a text field)", () => {
    expect(menuKeyPress("newChat")).toEqual({ keyCode: "N", modifiers: ["control"] });
    expect(menuKeyPress("settings")).toEqual({ keyCode: ",", modifiers: ["control"] });
    expect(menuKeyPress("search")).toEqual({ keyCode: "K", modifiers: ["control"] });
    expect(menuKeyPress("copy")).toEqual({ keyCode: "C", modifiers: ["control", "shift"] });
    expect(menuKeyPress("stop")).toEqual({ keyCode: "Escape", modifiers: [] });
    expect(menuKeyPress("sheet")).toEqual({ keyCode: "/", modifiers: ["control"] });
  });
});
