// @vitest-environment jsdom
import { act, fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../electron/common/contract/app/chat.ts";
import { AppError } from "../../electron/common/contract/errors.ts";
import { App } from "../../renderer/src/components/App/App.tsx";
import { modelAt, sampleStats, type FakeMain } from "./support/fake-main.ts";
import { nextFrame, renderWithMain, settle } from "./support/render-app.tsx";

const messages: ChatMessage[] = [
  { id: "u1", role: "user", text: "What is a Pi?", status: "complete", createdAt: 1 },
  { id: "m1", role: "model", text: "A small computer.", status: "complete", createdAt: 2 },
];
const desk = { name: "Desk PC", kind: "ollama" as const, address: "http://192.168.1.20:11434" };
const deskModels = [
  { id: "gemma2:9b", label: "gemma2:9b (9.2B, Q4_0)" },
  { id: "gemma2:27b", label: "gemma2:27b (27.2B, Q4_0)" },
];

function setUp(main: FakeMain) {
  main.status = { state: "ready", model: modelAt("/models/gemma-2-2b-it-Q4_0.gguf") };
  main.addConversation("Pi basics", structuredClone(messages));
  main.remote.addServer(desk, deskModels);
  main.remote.addServer(
    { name: "Lab", kind: "openai-compatible", address: "https://lab.example:8080" },
    new AppError("REMOTE_FAILED", "unreachable", { failure: "unreachable", origin: "https://lab.example:8080", serverName: "Lab" }),
  );
}

async function click(element: HTMLElement) {
  await act(async () => {
    fireEvent.click(element);
  });
  await settle();
}

const pickerButton = () => screen.getByRole("button", { name: /^Model for this chat: / });
const panel = () => screen.getByRole("dialog", { name: "Who answers this chat" });

describe("the chat header's backend picker", () => {
  it("shows This Pi and its model, asks each server for its models only when opened, and warns before sending the history", async () => {
    const { main } = await renderWithMain(<App />, setUp);
    expect(pickerButton().textContent).toBe("This Pi · gemma-2-2b-it-Q4_0");
    expect(main.methodsCalled()).not.toContain("remote.models");

    await click(pickerButton());
    expect(pickerButton().getAttribute("aria-expanded")).toBe("true");
    expect(main.calls.filter((call) => call.method === "remote.models").map((call) => call.params)).toEqual([{ id: "s1" }, { id: "s2" }]);
    const deskGroup = within(panel()).getByRole("group", { name: "Desk PC" });
    expect(within(deskGroup).getAllByRole("radio").map((radio) => radio.parentElement?.textContent)).toEqual(deskModels.map((model) => model.label));
    const labGroup = within(panel()).getByRole("group", { name: "Lab" });
    expect(within(labGroup).getByText(/^Could not list its models: it can't be reached/)).toBeTruthy();
    expect(within(labGroup).getByRole("button", { name: "Try again: ask Lab for its models" })).toBeTruthy();
    expect((within(panel()).getByRole("radio", { name: "Whichever is loaded" }) as HTMLInputElement).checked).toBe(true);
    expect((within(panel()).getByRole("button", { name: "Use" }) as HTMLButtonElement).disabled).toBe(true);

    await click(within(deskGroup).getByRole("radio", { name: "gemma2:9b (9.2B, Q4_0)" }));
    expect(within(panel()).getByText("The 2 messages of this chat so far will be sent to Desk PC.")).toBeTruthy();
    expect(within(panel()).getByText(/^Not encrypted: this address uses plain HTTP/)).toBeTruthy();
    expect(main.methodsCalled()).not.toContain("chat.setBackend");

    await click(within(panel()).getByRole("button", { name: "Use" }));
    expect(main.calls.find((call) => call.method === "chat.setBackend")?.params).toEqual({
      conversationId: "c1",
      backend: { kind: "remote", serverId: "s1", model: "gemma2:9b" },
    });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(pickerButton().textContent).toBe("Desk PC · gemma2:9b");
    expect(document.activeElement).toBe(pickerButton());
  });

  it("counts every message of a long chat held a page at a time, not only the page on screen", async () => {
    await renderWithMain(<App />, (m) => {
      setUp(m);
      const long: ChatMessage[] = Array.from({ length: 120 }, (_, i) => ({ id: `x${i}`, role: i % 2 === 0 ? "user" : "model", text: `Message ${i}`, status: "complete", createdAt: i }));
      m.find("c1").messages = long;
    });
    await click(pickerButton());
    await click(within(panel()).getByRole("radio", { name: "gemma2:9b (9.2B, Q4_0)" }));
    expect(within(panel()).getByText("The 120 messages of this chat so far will be sent to Desk PC.")).toBeTruthy();
  });

  it("closes on Escape without changing anything, focus back on the button", async () => {
    const { main } = await renderWithMain(<App />, setUp);
    await click(pickerButton());
    const radio = within(panel()).getByRole("radio", { name: "gemma2:27b (27.2B, Q4_0)" });
    await click(radio);
    await act(async () => {
      fireEvent.keyDown(radio, { key: "Escape" });
    });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(pickerButton());
    expect(main.methodsCalled()).not.toContain("chat.setBackend");
  });

  it("back to This Pi: says nothing more goes to the server", async () => {
    const { main } = await renderWithMain(<App />, (m) => {
      setUp(m);
      m.find("c1").backend = { kind: "remote", serverId: "s1", model: "gemma2:9b", serverName: "Desk PC" };
    });
    expect(pickerButton().textContent).toBe("Desk PC · gemma2:9b");
    await click(pickerButton());
    await click(within(panel()).getByRole("radio", { name: "Whichever is loaded" }));
    expect(within(panel()).getByText("This Pi answers from now on; nothing more is sent to Desk PC.")).toBeTruthy();
    await click(within(panel()).getByRole("button", { name: "Use" }));
    expect(main.calls.find((call) => call.method === "chat.setBackend")?.params).toEqual({ conversationId: "c1", backend: { kind: "local" } });
    expect(pickerButton().textContent).toBe("This Pi · gemma-2-2b-it-Q4_0");
  });
});

describe("a remote answer that fails mid-way", () => {
  it("keeps the partial answer, says which server stopped and why, and continues locally on one click", async () => {
    const { main, frames } = await renderWithMain(<App />, (m) => {
      setUp(m);
      m.find("c1").backend = { kind: "remote", serverId: "s1", model: "gemma2:9b", serverName: "Desk PC" };
    });
    fireEvent.change(screen.getByRole("textbox", { name: "Message" }), { target: { value: "Tell me a story" } });
    await click(screen.getByRole("button", { name: "Send" }));
    act(() => main.delta("Once upon a time"));
    nextFrame(frames);
    act(() =>
      main.fail(new AppError("REMOTE_FAILED", "closed", { failure: "disconnected", origin: "http://192.168.1.20:11434", serverId: "s1", serverName: "Desk PC", receivedChars: 16 }).toWire()),
    );
    await settle();

    const answer = screen.getAllByRole("article", { name: "Gemma" }).at(-1)!;
    expect(within(answer).getByTestId("message-text").textContent).toBe("Once upon a time");
    expect(within(answer).getByText("Desk PC stopped answering: the connection closed before the answer was complete.")).toBeTruthy();
    // Nothing switched by itself.
    expect(pickerButton().textContent).toBe("Desk PC · gemma2:9b");
    expect(within(answer).getByRole("button", { name: "Try again" })).toBeTruthy();
    expect(within(answer).queryByRole("button", { name: "Continue" })).toBeNull(); // "Try again" is that, named for what happened.

    await click(within(answer).getByRole("button", { name: "Continue with the local model" }));
    expect(main.calls.find((call) => call.method === "chat.continue")?.params).toEqual({ conversationId: "c1", backend: { kind: "local" } });
    expect(pickerButton().textContent).toBe("This Pi · gemma-2-2b-it-Q4_0");
    act(() => main.delta(", a Pi"));
    act(() => main.finish("complete", sampleStats));
    await settle();
    const done = screen.getAllByRole("article", { name: "Gemma" }).at(-1)!;
    expect(within(done).getByTestId("message-text").textContent).toBe("Once upon a time, a Pi");
    expect(within(done).queryByText(/stopped answering/)).toBeNull();
  });

  it("the stats line of a remote answer names the server and model", async () => {
    await renderWithMain(<App />, (m) => {
      setUp(m);
      const answer = m.find("c1").messages[1]!;
      Object.assign(answer, { stats: sampleStats, backend: { kind: "remote", serverId: "s1", model: "gemma2:9b", serverName: "Desk PC" } });
    });
    expect(screen.getByText("42 tokens · 5.7 tok/s · first token 0.8 s · from Desk PC · gemma2:9b")).toBeTruthy();
  });

  it("a server that answered nothing: Answer with the local model", async () => {
    const { main } = await renderWithMain(<App />, (m) => {
      setUp(m);
      m.find("c1").backend = { kind: "remote", serverId: "s1", model: "gemma2:9b", serverName: "Desk PC" };
    });
    fireEvent.change(screen.getByRole("textbox", { name: "Message" }), { target: { value: "Hello?" } });
    await click(screen.getByRole("button", { name: "Send" }));
    act(() => main.fail(new AppError("REMOTE_FAILED", "x", { failure: "unreachable", origin: "http://192.168.1.20:11434", serverName: "Desk PC" }).toWire()));
    await settle();
    const answer = screen.getAllByRole("article", { name: "Gemma" }).at(-1)!;
    expect(within(answer).getByText("Desk PC did not answer: it can't be reached (is it on, and is the address right?).")).toBeTruthy();
    await click(within(answer).getByRole("button", { name: "Answer with the local model" }));
    expect(main.methodsCalled().slice(-2)).toEqual(["chat.setBackend", "chat.regenerate"]);
    expect(pickerButton().textContent).toBe("This Pi · gemma-2-2b-it-Q4_0");
  });
});
