// @vitest-environment jsdom
import { act, fireEvent, screen, within } from "@testing-library/react";
import axe from "axe-core";
import { describe, expect, it } from "vitest";
import { App } from "../../renderer/src/components/App/App.tsx";
import type { FakeMain } from "./support/fake-main.ts";
import { renderWithMain, settle, chooseLanguage } from "./support/render-app.tsx";

async function openPrograms(prepare?: (main: FakeMain) => void) {
  const harness = await renderWithMain(<App />, prepare);
  await goToSettings();
  return harness;
}

async function goToSettings() {
  await act(async () => {
    fireEvent.click(within(screen.getByRole("navigation", { name: "Main" })).getByRole("button", { name: "Settings" }));
  });
  await settle();
}

const section = () => screen.getByRole("region", { name: "Programs" });
const inSection = () => within(section());
const localSwitch = () => inSection().getByRole("checkbox", { name: "Let programs on this Pi use Gemma" }) as HTMLInputElement;
const networkSwitch = () => inSection().getByRole("checkbox", { name: "…and devices on my network" }) as HTMLInputElement;
/** The line that says whether the API listens and where (a polite live region). */
const stateLine = (region: HTMLElement = section()) => region.querySelector("[aria-live=polite]")?.textContent;
const apiUpdates = (main: FakeMain) => main.calls.filter((c) => c.method === "settings.update").map((c) => c.params);

async function click(element: HTMLElement) {
  await act(async () => {
    fireEvent.click(element);
  });
  await settle();
}

describe("Settings → Programs", () => {
  it("is off by default: both switches off, the network one waits for the first, nothing listens", async () => {
    await openPrograms();
    expect(localSwitch().checked).toBe(false);
    expect(networkSwitch().checked).toBe(false);
    expect(networkSwitch().disabled).toBe(true);
    expect(stateLine()).toBe("Off: nothing is listening for programs.");
    expect(inSection().queryByRole("button", { name: /Copy http/ })).toBeNull();
  });

  it("turning programs on saves it and shows the address to use, with Copy", async () => {
    const { main } = await openPrograms();
    await click(localSwitch());
    expect(apiUpdates(main)).toEqual([{ patch: { api: { local: true } } }]);
    expect(stateLine()).toBe("Listening on port 11434.");
    expect(inSection().getByText("http://127.0.0.1:11434")).toBeTruthy();
    expect(inSection().getByRole("button", { name: "Copy http://127.0.0.1:11434" })).toBeTruthy();
    expect(networkSwitch().disabled).toBe(false);
  });

  it("turning the network on makes a token and shows it once, with Copy; leaving the screen hides it for good", async () => {
    const { main } = await openPrograms((fake) => fake.settings.apply({ api: { local: true } }));
    await click(networkSwitch());
    expect(apiUpdates(main)).toEqual([{ patch: { api: { network: true } } }]);
    const shown = inSection().getByRole("textbox", { name: "New API token" }) as HTMLInputElement;
    expect(shown.value).toBe(main.apiAccess.tokens[0]);
    expect(inSection().getByRole("button", { name: "Copy the token" })).toBeTruthy();
    expect(inSection().getByRole("alert").textContent).toBe("Copy this token now: it will not be shown again.");
    expect(inSection().getByText("http://192.168.1.20:11434")).toBeTruthy();

    await act(async () => {
      fireEvent.click(within(screen.getByRole("navigation", { name: "Main" })).getByRole("button", { name: "Chat" }));
    });
    await goToSettings();
    expect(inSection().queryByRole("textbox", { name: "New API token" })).toBeNull();
    expect(inSection().getByText(/A token is set/)).toBeTruthy();
    expect(document.body.textContent).not.toContain(main.apiAccess.tokens[0]);
  });

  it("New token replaces the old one and shows the new one", async () => {
    const { main } = await openPrograms((fake) => {
      fake.settings.apply({ api: { local: true, network: true } });
      fake.apiAccess.handlers()["apiAccess.newToken"]({}, undefined as never);
    });
    expect(inSection().getByText(/A token is set/)).toBeTruthy();
    await click(inSection().getByRole("button", { name: "New token" }));
    expect(main.apiAccess.tokens).toHaveLength(2);
    expect((inSection().getByRole("textbox", { name: "New API token" }) as HTMLInputElement).value).toBe(main.apiAccess.tokens[1]);
  });

  it("says when another program has 11434 and which port Gemma uses instead", async () => {
    await openPrograms((fake) => {
      fake.apiAccess.port = 11435;
      fake.settings.apply({ api: { local: true } });
    });
    expect(stateLine()).toBe(
      "Port 11434 is used by another program (probably Ollama), so Gemma uses port 11435. Set programs made for Ollama to this port.",
    );
    expect(inSection().getByText("http://127.0.0.1:11435")).toBeTruthy();
  });

  it("saves the allowed web pages one a line, and shows main's refusal of one that is not an origin", async () => {
    const { main } = await openPrograms();
    const origins = inSection().getByRole("textbox", { name: "Web pages allowed to use it" });
    fireEvent.change(origins, { target: { value: "http://192.168.1.20:8080\n\nhttp://localhost:3000\n" } });
    await act(async () => {
      fireEvent.blur(origins);
    });
    await settle();
    expect(main.settings.value.api.allowedOrigins).toEqual(["http://192.168.1.20:8080", "http://localhost:3000"]);

    fireEvent.change(origins, { target: { value: "http://192.168.1.20:8080/app" } });
    await act(async () => {
      fireEvent.blur(origins);
    });
    await settle();
    expect(within(origins.closest(".setting-field") as HTMLElement).getByRole("alert").textContent).toMatch(/^Not saved: /);
    expect(main.settings.value.api.allowedOrigins).toEqual(["http://192.168.1.20:8080", "http://localhost:3000"]);
  });

  it("is labelled in 简体中文, and axe finds nothing with the token shown", async () => {
    await openPrograms((fake) => fake.settings.apply({ api: { local: true } }));
    await click(networkSwitch());
    const result = await axe.run(section(), { rules: { "color-contrast": { enabled: false } } });
    expect(result.violations.map((violation) => violation.id)).toEqual([]);

    await chooseLanguage("zh-CN");
    const chinese = screen.getByRole("region", { name: "其他程序" });
    expect(within(chinese).getByRole("checkbox", { name: "允许这台 Pi 上的程序使用 Gemma" })).toBeTruthy();
    expect(within(chinese).getByRole("checkbox", { name: "……以及我网络中的设备" })).toBeTruthy();
    expect(stateLine(chinese)).toBe("正在监听端口 11434。");
  });
});
