// @vitest-environment jsdom
import { act, fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../electron/common/contract/app/chat.ts";
import { App } from "../../renderer/src/components/App/App.tsx";
import { modelAt, type FakeMain } from "./support/fake-main.ts";
import { renderWithMain, settle } from "./support/render-app.tsx";

const modelPath = "/models/gemma-2-2b-it-Q4_0.gguf";
const messages: ChatMessage[] = [
  { id: "u1", role: "user", text: "What is a Raspberry Pi?", status: "complete", createdAt: 1 },
  { id: "m1", role: "model", text: "A small computer.", status: "complete", createdAt: 2 },
];
const withModel = (main: FakeMain) => {
  main.status = { state: "ready", model: modelAt(modelPath) };
  main.addConversation("Pi basics", structuredClone(messages));
};

async function click(element: HTMLElement) {
  await act(async () => {
    fireEvent.click(element);
  });
  await settle();
}

async function key(target: Element, init: KeyboardEventInit) {
  await act(async () => {
    fireEvent.keyDown(target, init);
  });
  await settle();
}

describe("the chat with no model", () => {
  it("offers the Library and, in the desktop app, a GGUF file", async () => {
    const { main } = await renderWithMain(<App />, (m) => m.addConversation("Empty"));
    expect(screen.getByText(/No model is loaded/)).toBeTruthy();
    await click(screen.getByRole("button", { name: "Open a GGUF file…" }));
    expect(main.methodsCalled()).toEqual(expect.arrayContaining(["dialog.openModelFile", "engine.loadModel"]));
    expect(screen.getByRole("status").textContent).toBe("Ready · gemma-2-2b-it-Q4_0");
  });

  it("in a browser, takes the user to the Library (no file dialog there)", async () => {
    await renderWithMain(<App />, (m) => m.addConversation("Empty"), { host: "browser" });
    expect(screen.queryByRole("button", { name: "Open a GGUF file…" })).toBeNull();
    await click(screen.getByRole("button", { name: "Choose a model in the Library" }));
    expect(screen.getByRole("heading", { name: "Model library" })).toBeTruthy();
  });
});

describe("keyboard", () => {
  it("? and Ctrl+/ show every shortcut; Esc closes the sheet and gives the focus back", async () => {
    await renderWithMain(<App />, withModel);
    const composer = screen.getByRole("textbox", { name: "Message" });
    composer.focus();
    await key(composer, { key: "?" });
    expect(screen.queryByRole("dialog")).toBeNull(); // Typing a question mark is typing.

    const newChat = screen.getByRole("button", { name: "New chat" });
    expect(newChat.getAttribute("title")).toBe("New chat (Ctrl+N)");
    await key(document.body, { key: "?" });
    const sheet = screen.getByRole("dialog", { name: "Keyboard shortcuts" });
    for (const label of ["New chat", "Search chats", "Stop the answer", "Copy the last answer", "Rename the chat in focus"]) {
      expect(within(sheet).getByText(label)).toBeTruthy();
    }
    expect(document.activeElement).toBe(within(sheet).getByRole("button", { name: "Close" }));
    await key(document.activeElement as Element, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();

    await key(document.body, { key: "/", ctrlKey: true });
    expect(screen.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeTruthy();
    await key(document.body, { key: "/", ctrlKey: true });
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("gives each chat list one tab stop; arrows move, F2 renames, the tools take no tab stop", async () => {
    const { main } = await renderWithMain(<App />, (m) => {
      withModel(m);
      m.addConversation("Second", [], 900);
      m.addConversation("Third", [], 800);
    });
    const list = screen.getByRole("navigation", { name: "Conversations" });
    const tabbable = within(list)
      .getAllByRole("button")
      .filter((button) => button.tabIndex === 0 && !button.closest("form"));
    expect(tabbable.map((button) => button.textContent)).toEqual(["New chat", "Pi basics"]);

    const first = within(list).getByRole("button", { name: "Pi basics" });
    first.focus();
    await key(first, { key: "ArrowDown" });
    expect(document.activeElement?.textContent).toBe("Second");
    expect((document.activeElement as HTMLElement).tabIndex).toBe(0);
    expect(first.tabIndex).toBe(-1);
    await key(document.activeElement as Element, { key: "End" });
    expect(document.activeElement?.textContent).toBe("Third");
    await key(document.activeElement as Element, { key: "F2" });
    const rename = screen.getByRole("textbox", { name: "Chat title" });
    fireEvent.change(rename, { target: { value: "Renamed" } });
    await key(rename, { key: "Enter" });
    expect(main.calls.find((call) => call.method === "chat.rename")?.params).toEqual({ conversationId: "c3", title: "Renamed" });
  });
});

describe("presets, the model picker and the context meter", () => {
  it("chooses a preset for the chat in its header", async () => {
    const { main } = await renderWithMain(<App />, withModel);
    const preset = screen.getByRole("combobox", { name: "Preset for this chat" }) as HTMLSelectElement;
    expect([...preset.options].map((option) => option.text)).toEqual(["No preset", "Precise", "Balanced", "Creative", "Code"]);
    await act(async () => {
      fireEvent.change(preset, { target: { value: "creative" } });
    });
    await settle();
    expect(main.calls.find((call) => call.method === "chat.setPreset")?.params).toEqual({ conversationId: "c1", presetId: "creative" });
    expect((screen.getByRole("combobox", { name: "Preset for this chat" }) as HTMLSelectElement).value).toBe("creative");
    expect(screen.getByRole("button", { name: /^Model for this chat: This Pi · / })).toBeTruthy();
  });

  it("shows the context used, locale-formatted, and the message that leaves it next", async () => {
    await renderWithMain(<App />, (m) => {
      withModel(m);
      m.usage = { usedTokens: 3000, contextSize: 4096, reservedTokens: 1024, droppedMessages: 0, overflow: "drop-oldest" };
    });
    const meter = screen.getByRole("group", { name: "Context used by this chat" });
    expect(meter.textContent).toContain("≈3,000 of 4,096 tokens · 1,024 kept free for the answer");
    expect(meter.textContent).toContain("Next to leave the model's memory: “What is a Raspberry Pi?”");
  });
});

describe("running out of memory", () => {
  it("suggests the context size that fits, and applies it with one click", async () => {
    const { main } = await renderWithMain(<App />, (m) => {
      withModel(m);
      m.memoryAdvice = { modelId: "gemma-2-2b-it-Q4_0.gguf", contextSize: 2048, smallerModelId: null, smallerVariantId: null };
    });
    await act(async () => {
      main.setStatus({ state: "exited", reason: "it was killed (SIGKILL)", code: "ENGINE_CRASHED", exitCode: null, signal: "SIGKILL", lastLines: [], modelPath });
    });
    await settle();
    const help = screen.getByRole("region", { name: "The engine ran out of memory" });
    expect(help.textContent).toContain("gemma-2-2b-it-Q4_0.gguf fits this device's free memory with a context of 2,048 tokens.");
    await click(within(help).getByRole("button", { name: "Use 2,048 tokens and restart" }));
    expect(main.calls.find((call) => call.method === "settings.update")?.params).toEqual({ patch: { model: { contextSize: 2048 } } });
    expect(main.methodsCalled()).toContain("engine.loadModel");
    expect(screen.queryByRole("region", { name: "The engine ran out of memory" })).toBeNull();
  });
});

describe("the Library's models folder", () => {
  it("shows where the models are and what they take; Open folder in the desktop app", async () => {
    const { main } = await renderWithMain(<App />, (m) => {
      m.modelsFolder = { path: "/home/pi/.config/Edge Gemma/models", usedBytes: 1_630_000_000, freeDiskBytes: 20_000_000_000, canOpen: true };
    });
    const panel = screen.getByRole("region", { name: "Models folder" });
    expect(panel.textContent).toContain("/home/pi/.config/Edge Gemma/models");
    expect(panel.textContent).toContain("Models take 1.6 GB · 20.0 GB free on this disk");
    await click(within(panel).getByRole("button", { name: "Open folder" }));
    expect(main.methodsCalled()).toContain("library.openModelsFolder");
    expect(within(panel).getByRole("status").textContent).toBe("Opened in the file manager");
  });
});
