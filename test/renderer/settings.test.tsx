// @vitest-environment jsdom
import { act, fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { restoreCachedAppearance } from "../../renderer/src/hooks/use-appearance.ts";
import { i18nInstance, initI18n } from "../../renderer/src/i18n/index.ts";
import { App } from "../../renderer/src/components/App/App.tsx";
import type { FakeMain } from "./support/fake-main.ts";
import { renderWithMain, settle, chooseLanguage } from "./support/render-app.tsx";

async function openSettings(prepare?: (main: FakeMain) => void) {
  const harness = await renderWithMain(<App />, prepare);
  await act(async () => {
    fireEvent.click(within(screen.getByRole("navigation", { name: "Main" })).getByRole("button", { name: "Settings" }));
  });
  await settle();
  return harness;
}

async function commit(input: HTMLElement, value: string) {
  fireEvent.change(input, { target: { value } });
  await act(async () => {
    fireEvent.blur(input);
  });
  await settle();
}

const updates = (main: FakeMain) => main.calls.filter((c) => c.method === "settings.update").map((c) => c.params);
/** The field's hint and error, as its control is described by them. */
const descriptionOf = (input: HTMLElement) =>
  (input.getAttribute("aria-describedby") ?? "")
    .split(" ")
    .map((id) => document.getElementById(id)?.textContent ?? "")
    .join(" | ");

describe("settings screen", () => {
  it("saves a changed temperature as a patch and says when it applies", async () => {
    const { main } = await openSettings();
    const temperature = screen.getByRole("spinbutton", { name: "Temperature" }) as HTMLInputElement;
    expect(temperature.value).toBe("0.8");
    expect(descriptionOf(temperature)).toContain("Applies to the next answer");
    expect(descriptionOf(temperature)).toContain("Range: 0–2");

    await commit(temperature, "0.5");
    expect(updates(main)).toEqual([{ patch: { sampling: { temperature: 0.5 } } }]);
    expect(main.settings.value.sampling.temperature).toBe(0.5);
    expect(temperature.getAttribute("aria-invalid")).toBe("false");
  });

  it("shows main's refusal next to the field and keeps the typed value", async () => {
    const { main } = await openSettings();
    const temperature = screen.getByRole("spinbutton", { name: "Temperature" }) as HTMLInputElement;
    await commit(temperature, "5");
    const error = within(temperature.closest(".setting-field") as HTMLElement).getByRole("alert");
    expect(error.textContent).toMatch(/^Not saved: .*2/);
    expect(temperature.value).toBe("5");
    expect(temperature.getAttribute("aria-invalid")).toBe("true");
    expect(main.settings.value.sampling.temperature).toBe(0.8);
    // Not a banner: the refusal belongs to the form.
    expect(screen.getAllByRole("alert")).toHaveLength(1);

    await commit(temperature, "1.2");
    expect(within(temperature.closest(".setting-field") as HTMLElement).queryByRole("alert")).toBeNull();
  });

  it("words main's refusal in the UI's language, from the error's details", async () => {
    await openSettings();
    const temperature = screen.getByRole("spinbutton", { name: "Temperature" }) as HTMLInputElement;
    await commit(temperature, "5");
    expect(within(temperature.closest(".setting-field") as HTMLElement).getByRole("alert").textContent).toBe("Not saved: must be at most 2");
    await chooseLanguage("zh-CN");
    const topK = screen.getByRole("spinbutton", { name: "Top-k" }) as HTMLInputElement;
    await commit(topK, "2.5");
    expect(within(topK.closest(".setting-field") as HTMLElement).getByRole("alert").textContent).toBe("未保存：必须是整数");
  });

  it("resets a section to its defaults", async () => {
    const { main } = await openSettings((main) => {
      main.settings.value.sampling.temperature = 1.4;
      main.settings.value.sampling.seed = 42;
    });
    expect((screen.getByRole("spinbutton", { name: "Temperature" }) as HTMLInputElement).value).toBe("1.4");
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Reset to defaults: Sampling" }));
    });
    await settle();
    expect(main.calls.find((c) => c.method === "settings.reset")?.params).toEqual({ section: "sampling" });
    expect((screen.getByRole("spinbutton", { name: "Temperature" }) as HTMLInputElement).value).toBe("0.8");
    expect((screen.getByRole("spinbutton", { name: "Seed" }) as HTMLInputElement).value).toBe("");
  });

  it("says which settings apply when the model is next loaded, and offers auto or a number for the context", async () => {
    const { main } = await openSettings();
    const context = screen.getByRole("combobox", { name: "Context size" }) as HTMLSelectElement;
    expect(descriptionOf(context)).toContain("Applies when the model is next loaded");
    expect(descriptionOf(screen.getByRole("spinbutton", { name: "Threads" }))).toContain("Applies when the model is next loaded");
    await act(async () => {
      fireEvent.change(context, { target: { value: "number" } });
    });
    await settle();
    expect(updates(main)).toEqual([{ patch: { model: { contextSize: 4096 } } }]);
    await commit(screen.getByRole("spinbutton", { name: "Context size (tokens)" }), "8192");
    expect(main.settings.value.model.contextSize).toBe(8192);
  });

  it("switches the language live", async () => {
    await openSettings();
    await chooseLanguage("zh-CN");
    expect(screen.getByRole("heading", { name: "设置" })).toBeTruthy();
    expect(within(screen.getByRole("navigation", { name: "主导航" })).getByRole("button", { name: "对话" })).toBeTruthy();
    expect(screen.getByRole("spinbutton", { name: "温度" })).toBeTruthy();
    expect(screen.getByRole("status").textContent).toBe("未加载模型");
    expect(document.documentElement.lang).toBe("zh-CN");

    // The next start paints in Chinese before the settings arrive.
    initI18n("en");
    const root = document.createElement("html");
    restoreCachedAppearance(root);
    expect(i18nInstance.language).toBe("zh-CN");
    expect(root.dataset["theme"]).toBe("system");
    expect(root.style.fontSize).toBe("16px");
  });

  it("applies the theme and font size to the page", async () => {
    await openSettings();
    await act(async () => {
      fireEvent.change(screen.getByRole("combobox", { name: "Theme" }), { target: { value: "dark" } });
    });
    await settle();
    expect(document.documentElement.dataset["theme"]).toBe("dark");
    await commit(screen.getByRole("spinbutton", { name: "Font size" }), "20");
    expect(document.documentElement.style.fontSize).toBe("20px");
  });

  it("shows the settings notices once, until dismissed", async () => {
    const { main } = await renderWithMain(<App />, (main) => {
      main.settings.notices = ["The settings file was damaged (not valid JSON); it was set aside and the defaults are used."];
    });
    expect(screen.getByRole("alert").textContent).toContain("settings file was damaged");
    await act(async () => {
      fireEvent.click(within(screen.getByRole("alert")).getByRole("button", { name: "Dismiss" }));
    });
    await settle();
    expect(screen.queryByRole("alert")).toBeNull();
    expect(main.methodsCalled()).toContain("settings.dismissNotices");
  });

  it("stores and removes the Hugging Face token, saying it is encrypted", async () => {
    const { main } = await openSettings();
    expect(screen.getByText("No token is stored.")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Access token"), { target: { value: "hf_secret123" } });
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Save token" }));
    });
    await settle();
    expect(main.calls.find((c) => c.method === "network.setToken")?.params).toEqual({ token: "hf_secret123" });
    expect(screen.getByText("A token is stored, encrypted by the system keyring.")).toBeTruthy();
    expect((screen.getByLabelText("Access token") as HTMLInputElement).value).toBe("");

    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Remove token" }));
    });
    await settle();
    expect(main.calls.filter((c) => c.method === "network.setToken").at(-1)?.params).toEqual({ token: null });
    expect(screen.getByText("No token is stored.")).toBeTruthy();
  });

  it("refuses a mirror address that is not a URL, next to the field", async () => {
    const { main } = await openSettings();
    const endpoint = screen.getByRole("textbox", { name: "Hugging Face address" });
    await commit(endpoint, "not a url");
    expect(within(endpoint.closest(".setting-field") as HTMLElement).getByRole("alert").textContent).toMatch(/^Not saved:/);
    await commit(endpoint, "https://hf-mirror.com");
    expect(main.settings.value.network.huggingFaceEndpoint).toBe("https://hf-mirror.com");
  });
});
