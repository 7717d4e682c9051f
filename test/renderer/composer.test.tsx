// @vitest-environment jsdom
import { act, fireEvent, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ChatScreen } from "../../renderer/src/components/ChatScreen/ChatScreen.tsx";
import { Composer } from "../../renderer/src/components/Composer/Composer.tsx";
import { modelAt } from "./support/fake-main.ts";
import { renderWithMain, settle } from "./support/render-app.tsx";

const ready = { state: "ready", model: modelAt("/models/gemma-2-2b-it-Q4_0.gguf") } as const;

const input = () => screen.getByRole("textbox", { name: "Message" }) as HTMLTextAreaElement;
const sendButton = () => screen.getByRole("button", { name: "Send" }) as HTMLButtonElement;
const type = (text: string) => fireEvent.change(input(), { target: { value: text } });

describe("Composer", () => {
  it("keeps Send disabled without a model, even with text", async () => {
    await renderWithMain(<Composer />);
    type("Hello");
    expect(sendButton().disabled).toBe(true);
    expect(input().placeholder).toBe("Open a model to start chatting");
  });

  it("keeps Send disabled while the message is empty or blank", async () => {
    await renderWithMain(<Composer />, (main) => (main.status = ready));
    expect(sendButton().disabled).toBe(true);
    type("   \n ");
    expect(sendButton().disabled).toBe(true);
    type("Hi");
    expect(sendButton().disabled).toBe(false);
  });

  it("sends on Enter, clears the box and shows the message", async () => {
    const { main } = await renderWithMain(<ChatScreen />, (main) => (main.status = ready));
    type("  What is a Pi 5?  ");
    const notCancelled = fireEvent.keyDown(input(), { key: "Enter" });
    await settle();

    expect(notCancelled).toBe(false); // No newline is inserted.
    expect(main.calls.filter((c) => c.method === "chat.send").map((c) => c.params)).toEqual([
      { conversationId: expect.any(String), text: "What is a Pi 5?" },
    ]);
    expect(input().value).toBe("");
    expect(screen.getByRole("article", { name: "You" }).textContent).toContain("What is a Pi 5?");
  });

  it("leaves Shift+Enter to the textarea (a new line) and sends nothing", async () => {
    const { main } = await renderWithMain(<Composer />, (main) => (main.status = ready));
    type("line one");
    const notCancelled = fireEvent.keyDown(input(), { key: "Enter", shiftKey: true });
    await settle();
    expect(notCancelled).toBe(true);
    expect(input().value).toBe("line one");
    expect(main.methodsCalled()).not.toContain("chat.send");
  });

  it("keeps Send disabled while the engine answers another conversation", async () => {
    await renderWithMain(<Composer />, (main) => {
      main.status = { state: "generating", model: ready.model };
    });
    type("Me next");
    expect(sendButton().disabled).toBe(true);
    expect(input().placeholder).toBe("Message Gemma… (Enter to send, Shift+Enter for a new line)");
  });

  it("does not send on Enter while an input method is composing", async () => {
    const { main } = await renderWithMain(<Composer />, (main) => (main.status = ready));
    type("ni hao");
    fireEvent.keyDown(input(), { key: "Enter", isComposing: true });
    await settle();
    expect(main.methodsCalled()).not.toContain("chat.send");
  });

  it("does not send on the Enter that confirms a composition, whichever signal the browser gives", async () => {
    const { main } = await renderWithMain(<Composer />, (main) => (main.status = ready));
    type("ni hao");
    // Safari and some IMEs: keyCode 229 on a keydown whose isComposing is already false.
    fireEvent.keyDown(input(), { key: "Enter", keyCode: 229 });
    // Only the composition events tell: an Enter between compositionstart and compositionend.
    fireEvent.compositionStart(input());
    fireEvent.keyDown(input(), { key: "Enter" });
    await settle();
    expect(main.methodsCalled()).not.toContain("chat.send");

    fireEvent.compositionEnd(input(), { data: "你好" });
    type("你好");
    fireEvent.keyDown(input(), { key: "Enter" });
    await settle();
    expect(main.calls.filter((c) => c.method === "chat.send").map((c) => c.params)).toEqual([
      { conversationId: expect.any(String), text: "你好" },
    ]);
  });

  it("sends with the Send button", async () => {
    const { main } = await renderWithMain(<Composer />, (main) => (main.status = ready));
    type("Button press");
    fireEvent.click(sendButton());
    await settle();
    expect(main.calls.find((c) => c.method === "chat.send")?.params).toMatchObject({ text: "Button press" });
  });

  it("shows Stop while generating; Stop cancels the chat.send call and Send comes back", async () => {
    const { main } = await renderWithMain(<Composer />, (main) => (main.status = ready));
    type("Tell me a story");
    fireEvent.keyDown(input(), { key: "Enter" });
    await settle();

    expect(screen.queryByRole("button", { name: "Send" })).toBeNull();
    expect(input().placeholder).toBe("Message Gemma… (Enter to send, Shift+Enter for a new line)");
    const stop = screen.getByRole("button", { name: "Stop" });
    await act(async () => {
      fireEvent.click(stop);
    });
    await settle();

    const conversationId = main.calls.find((c) => c.method === "chat.send")?.params as { conversationId: string };
    expect(main.cancelled).toEqual([conversationId.conversationId]);
    expect(screen.queryByRole("button", { name: "Stop" })).toBeNull();
    expect(sendButton()).toBeTruthy();
    expect(document.activeElement).toBe(input());
  });
});
