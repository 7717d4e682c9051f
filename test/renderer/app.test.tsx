// @vitest-environment jsdom
import { act, fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { AppError } from "../../electron/common/contract/errors.ts";
import { App } from "../../renderer/src/components/App/App.tsx";
import { modelAt } from "./support/fake-main.ts";
import { nextFrame, renderWithMain, settle } from "./support/render-app.tsx";

const modelPath = "/models/gemma-2-2b-it-Q4_0.gguf";
const status = () => screen.getByRole("status").textContent;
const input = () => screen.getByRole("textbox", { name: "Message" }) as HTMLTextAreaElement;

async function click(name: string) {
  await act(async () => {
    fireEvent.click(screen.getByRole("button", { name }));
  });
  await settle();
}

async function sendMessage(text: string) {
  fireEvent.change(input(), { target: { value: text } });
  fireEvent.keyDown(input(), { key: "Enter" });
  await settle();
}

describe("App", () => {
  it("starts on the Library the first time, and opening a GGUF file loads it", async () => {
    const { main } = await renderWithMain(<App />);
    expect(status()).toBe("No model loaded");
    expect(screen.getByRole("heading", { name: "Model library" })).toBeTruthy();

    await click("Open GGUF file…");

    expect(main.methodsCalled()).toEqual(expect.arrayContaining(["dialog.openModelFile", "engine.loadModel"]));
    expect(status()).toBe("Ready · gemma-2-2b-it-Q4_0");
  });

  it("shows a bad model file as a banner that can be dismissed", async () => {
    await renderWithMain(<App />, (main) => {
      main.loadError = new AppError("MODEL_INVALID", "bad.gguf is not a valid GGUF file");
    });
    await click("Open GGUF file…");

    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("bad.gguf is not a valid GGUF file");
    await click("Dismiss");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("streams an answer frame by frame, then shows its stats; the chat appears in the sidebar", async () => {
    const { main, frames } = await renderWithMain(<App />, (main) => {
      main.status = { state: "ready", model: modelAt(modelPath) };
    });
    await sendMessage("Write hello world in Python");
    const log = screen.getByRole("log");
    expect(within(log).getByRole("article", { name: "You" }).textContent).toContain("Write hello world in Python");

    act(() => {
      main.delta("Here:\n\n```python\n");
      main.delta('print("hello")\n```');
    });
    await settle();
    expect(within(log).queryByText('"hello"')).toBeNull(); // Not before the frame.
    nextFrame(frames);
    expect(within(log).getByText('print("hello")', { exact: false })).toBeTruthy();
    // Highlighted outside the render, soon after.
    expect((await within(log).findByText('"hello"')).className).toContain("hljs-string");
    expect(within(log).getByText("Generating…")).toBeTruthy();

    act(() => main.finish());
    await settle();
    expect(within(log).getByText("42 tokens · 5.7 tok/s · first token 0.8 s")).toBeTruthy();
    expect(within(log).queryByText("Generating…")).toBeNull();
    const sidebar = screen.getByRole("navigation", { name: "Conversations" });
    const item = within(sidebar).getByRole("button", { name: "Write hello world in Python" });
    expect(item.getAttribute("aria-current")).toBe("page");
    expect(within(sidebar).getAllByRole("listitem")).toHaveLength(1);
  });

  it("keeps the partial answer when the engine crashes, and restarts the model", async () => {
    const { main, frames } = await renderWithMain(<App />, (main) => {
      main.status = { state: "ready", model: modelAt(modelPath) };
    });
    await sendMessage("Count to ten");
    act(() => main.delta("One, two, thr"));
    await settle();
    nextFrame(frames);

    act(() => {
      main.setStatus({ state: "exited", reason: "killed by SIGSEGV", exitCode: null, signal: "SIGSEGV", lastLines: [], modelPath });
      main.finish("crashed");
    });
    await settle();

    expect(status()).toBe("Engine crashed: killed by SIGSEGV");
    const answer = screen.getByRole("article", { name: "Gemma" });
    expect(answer.textContent).toContain("One, two, thr");
    expect(within(answer).getByText("Interrupted — engine crashed")).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();

    await click("Restart");
    expect(main.calls.filter((c) => c.method === "engine.loadModel").map((c) => c.params)).toEqual([{ path: modelPath }]);
    expect(status()).toBe("Ready · gemma-2-2b-it-Q4_0");
    expect(screen.getByRole("article", { name: "Gemma" }).textContent).toContain("One, two, thr");
  });

  it("switches between conversations from the sidebar", async () => {
    await renderWithMain(<App />, (main) => {
      main.addConversation("Pi cooling", [{ id: "a1", role: "user", text: "Fan or heatsink?", status: "complete", createdAt: 1 }], 200);
      main.addConversation("Gemma sizes", [{ id: "b1", role: "user", text: "2B or 9B?", status: "complete", createdAt: 1 }], 100);
    });
    expect(screen.getByText("Fan or heatsink?")).toBeTruthy();
    await click("Gemma sizes");
    expect(screen.getByText("2B or 9B?")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Gemma sizes" }).getAttribute("aria-current")).toBe("page");
  });

  it("navigates to the Library and Settings screens and back", async () => {
    await renderWithMain(<App />);
    const nav = screen.getByRole("navigation", { name: "Main" });
    await click("Library");
    expect(screen.getByRole("heading", { name: "Model library" })).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
    expect(within(nav).getByRole("button", { name: "Library" }).getAttribute("aria-current")).toBe("page");
    await click("Settings");
    expect(screen.getByRole("heading", { name: "Settings" })).toBeTruthy();
    await click("Chat");
    expect(screen.getByRole("log")).toBeTruthy();
  });
});
