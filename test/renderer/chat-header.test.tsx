// @vitest-environment jsdom
import { act, fireEvent, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ChatMessage } from "../../electron/common/contract/app/chat.ts";
import { App } from "../../renderer/src/components/App/App.tsx";
import type { FakeMain } from "./support/fake-main.ts";
import { renderWithMain, settle } from "./support/render-app.tsx";

const messages: ChatMessage[] = [
  { id: "u1", role: "user", text: "What is a Pi?", status: "complete", createdAt: 1 },
  { id: "m1", role: "model", text: "A small computer.", status: "complete", createdAt: 2 },
];
const oneChat = (main: FakeMain) => void main.addConversation("Pi basics", structuredClone(messages));

/** jsdom's Blob has no text(). */
function textOf(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

async function click(element: HTMLElement) {
  await act(async () => {
    fireEvent.click(element);
  });
  await settle();
}

describe("export", () => {
  let blobs: Blob[];
  let downloads: { name: string; href: string }[];
  beforeEach(() => {
    blobs = [];
    downloads = [];
    URL.createObjectURL = vi.fn((blob: Blob) => (blobs.push(blob), `blob:test/${blobs.length}`));
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push({ name: this.download, href: this.getAttribute("href") ?? "" });
    });
  });
  afterEach(() => vi.restoreAllMocks());

  it("downloads the chat as Markdown and as JSON, under the name main gives", async () => {
    const { main } = await renderWithMain(<App />, oneChat);
    await click(screen.getByRole("button", { name: "Export as Markdown" }));
    expect(main.calls.find((c) => c.method === "chat.export")?.params).toEqual({ conversationId: "c1", format: "markdown" });
    expect(downloads).toEqual([{ name: "Pi basics.md", href: "blob:test/1" }]);
    expect(blobs[0]!.type).toBe("text/markdown;charset=utf-8");
    expect(await textOf(blobs[0]!)).toBe("# Pi basics\n\n**user**: What is a Pi?\n\n**model**: A small computer.\n");
    expect(document.querySelector("a[download]")).toBeNull(); // The link is gone again.

    await click(screen.getByRole("button", { name: "Export as JSON" }));
    expect(downloads[1]).toEqual({ name: "Pi basics.json", href: "blob:test/2" });
    expect(JSON.parse(await textOf(blobs[1]!)).messages).toHaveLength(2);
  });
});

describe("this chat's system prompt", () => {
  it("overrides the default for one chat, says Gemma has no system role, and goes back to the default", async () => {
    const { main } = await renderWithMain(<App />, (main) => {
      oneChat(main);
      main.settings.value.chat.defaultSystemPrompt = "Answer in English.";
    });
    const toggle = screen.getByRole("button", { name: "Chat settings" });
    await click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    const panel = screen.getByRole("form", { name: "System prompt for this chat" });
    expect(within(panel).getByText("Answer in English.")).toBeTruthy();
    expect(within(panel).getByText(/Gemma has no system role/)).toBeTruthy();

    await click(within(panel).getByRole("radio", { name: "Use a different one for this chat" }));
    fireEvent.change(within(panel).getByRole("textbox", { name: "System prompt for this chat" }), { target: { value: "Be brief." } });
    await click(within(panel).getByRole("button", { name: "Save" }));
    expect(main.calls.find((c) => c.method === "chat.setSystemPrompt")?.params).toEqual({ conversationId: "c1", systemPrompt: "Be brief." });
    expect(screen.queryByRole("form", { name: "System prompt for this chat" })).toBeNull();
    expect(screen.getByText("Own system prompt")).toBeTruthy();

    await click(screen.getByRole("button", { name: "Chat settings" }));
    const again = screen.getByRole("form", { name: "System prompt for this chat" });
    expect((within(again).getByRole("textbox") as HTMLTextAreaElement).value).toBe("Be brief.");
    await click(within(again).getByRole("radio", { name: "Use the default from Settings" }));
    await click(within(again).getByRole("button", { name: "Save" }));
    expect(main.calls.filter((c) => c.method === "chat.setSystemPrompt").at(-1)?.params).toEqual({ conversationId: "c1", systemPrompt: null });
    expect(screen.queryByText("Own system prompt")).toBeNull();
  });
});

describe("browser host", () => {
  it("offers no “Open GGUF file…” without a native file dialog", async () => {
    await renderWithMain(<App />, undefined, { host: "browser" });
    expect(screen.queryByRole("button", { name: "Open GGUF file…" })).toBeNull();
  });

  it("offers it in Electron", async () => {
    await renderWithMain(<App />);
    expect(screen.getByRole("button", { name: "Open GGUF file…" })).toBeTruthy();
  });
});
