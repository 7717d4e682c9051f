// @vitest-environment jsdom
import { act, fireEvent, screen, within } from "@testing-library/react";
import axe from "axe-core";
import { describe, expect, it } from "vitest";
import { App } from "../../renderer/src/components/App/App.tsx";
import { renderWithMain, settle, chooseLanguage } from "./support/render-app.tsx";

/** Settings → Programs: "Keep programs' conversations in my chat list" (issue #15), off by default. */
async function openPrograms() {
  const harness = await renderWithMain(<App />);
  await act(async () => {
    fireEvent.click(within(screen.getByRole("navigation", { name: "Main" })).getByRole("button", { name: "Settings" }));
  });
  await settle();
  return harness;
}

const section = () => screen.getByRole("region", { name: "Programs" });
const keepSwitch = () => within(section()).getByRole("checkbox", { name: "Keep programs' conversations in my chat list" }) as HTMLInputElement;

describe("Settings → Programs: keeping programs' conversations", () => {
  it("is off by default; turning it on saves it to main and back off again", async () => {
    const { main } = await openPrograms();
    expect(keepSwitch().checked).toBe(false);
    expect(within(keepSwitch().closest(".setting-field") as HTMLElement).getByText(/Off: nothing a program asks or is told is saved/)).toBeTruthy();

    await act(async () => {
      fireEvent.click(keepSwitch());
    });
    await settle();
    expect(main.settings.value.api.keepChats).toBe(true);
    expect(keepSwitch().checked).toBe(true);

    await act(async () => {
      fireEvent.click(keepSwitch());
    });
    await settle();
    expect(main.settings.value.api.keepChats).toBe(false);
    expect(keepSwitch().checked).toBe(false);
    const updates = main.calls.filter((call) => call.method === "settings.update").map((call) => call.params);
    expect(updates).toEqual([{ patch: { api: { keepChats: true } } }, { patch: { api: { keepChats: false } } }]);
  });

  it("is labelled in 简体中文, and axe finds nothing in the section", async () => {
    await openPrograms();
    const result = await axe.run(section(), { rules: { "color-contrast": { enabled: false } } });
    expect(result.violations.map((violation) => violation.id)).toEqual([]);
    await chooseLanguage("zh-CN");
    const chinese = screen.getByRole("region", { name: "其他程序" });
    expect(within(chinese).getByRole("checkbox", { name: "在我的聊天列表中保留程序的对话" })).toBeTruthy();
  });
});
