// @vitest-environment jsdom
import { act, fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../electron/common/contract/app/chat.ts";
import { App } from "../../renderer/src/components/App/App.tsx";
import { modelAt, type FakeMain } from "./support/fake-main.ts";
import { nextFrame, renderWithMain, settle } from "./support/render-app.tsx";

const ready = (main: FakeMain) => {
  main.status = { state: "ready", model: modelAt("/models/gemma-2-2b-it-Q4_0.gguf") };
};
const user = (id: string, text: string): ChatMessage => ({ id, role: "user", text, status: "complete", createdAt: 1 });
const model = (id: string, text: string, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  id,
  role: "model",
  text,
  status: "complete",
  createdAt: 2,
  ...extra,
});

async function click(element: HTMLElement) {
  await act(async () => {
    fireEvent.click(element);
  });
  await settle();
}

const answers = () => screen.getAllByRole("article", { name: "Gemma" });
const textOf = (article: HTMLElement) => within(article).getByTestId("message-text").textContent;

describe("message actions", () => {
  it("regenerates the last answer and pages through its versions with ‹ 1/2 ›", async () => {
    const { main, frames } = await renderWithMain(<App />, (main) => {
      ready(main);
      main.addConversation("Greeting", [user("u1", "Say hi"), model("m1", "First answer")]);
    });
    await click(screen.getByRole("button", { name: "Regenerate" }));
    expect(main.calls.find((c) => c.method === "chat.regenerate")?.params).toEqual({ conversationId: "c1" });
    expect(screen.getByRole("button", { name: "Stop" })).toBeTruthy();

    act(() => main.delta("Second answer"));
    await settle();
    nextFrame(frames);
    expect(textOf(answers()[0]!)).toBe("Second answer");
    act(() => main.finish());
    await settle();

    const pager = screen.getByRole("group", { name: "Answer versions" });
    expect(within(pager).getByText("2/2")).toBeTruthy();
    expect((within(pager).getByRole("button", { name: "Next version" }) as HTMLButtonElement).disabled).toBe(true);

    await click(within(pager).getByRole("button", { name: "Previous version" }));
    expect(main.calls.find((c) => c.method === "chat.selectAlternative")?.params).toEqual({ conversationId: "c1", messageId: "m1", index: 0 });
    expect(textOf(answers()[0]!)).toBe("First answer");
    expect(within(screen.getByRole("group", { name: "Answer versions" })).getByText("1/2")).toBeTruthy();

    await click(screen.getByRole("button", { name: "Next version" }));
    expect(textOf(answers()[0]!)).toBe("Second answer");
  });

  it("edits a message and sends it again: what came after is replaced by the new answer", async () => {
    const { main, frames } = await renderWithMain(<App />, (main) => {
      ready(main);
      main.addConversation("Jokes", [user("u1", "Hi"), model("m1", "Hello!"), user("u2", "A joke?"), model("m2", "Why did…")]);
    });
    const [firstEdit] = screen.getAllByRole("button", { name: "Edit" });
    await click(firstEdit!);
    const editor = screen.getByRole("textbox", { name: "Edit message" }) as HTMLTextAreaElement;
    expect(editor.value).toBe("Hi");
    fireEvent.change(editor, { target: { value: "Hello there" } });
    await click(screen.getByRole("button", { name: "Save & send" }));

    expect(main.calls.find((c) => c.method === "chat.edit")?.params).toEqual({ conversationId: "c1", messageId: "u1", text: "Hello there" });
    const log = screen.getByRole("log");
    expect(within(log).queryByText("A joke?")).toBeNull();
    expect(within(log).queryByText("Hello!")).toBeNull();
    expect(within(log).getByText("Hello there")).toBeTruthy();

    act(() => main.delta("General Kenobi"));
    await settle();
    nextFrame(frames);
    act(() => main.finish());
    await settle();
    expect(answers().map(textOf)).toEqual(["General Kenobi"]);
  });

  it("cancels an edit with Esc, without stopping anything", async () => {
    const { main } = await renderWithMain(<App />, (main) => {
      ready(main);
      main.addConversation("Chat", [user("u1", "Hi"), model("m1", "Hello!")]);
    });
    await click(screen.getByRole("button", { name: "Edit" }));
    fireEvent.keyDown(screen.getByRole("textbox", { name: "Edit message" }), { key: "Escape" });
    await settle();
    expect(screen.queryByRole("textbox", { name: "Edit message" })).toBeNull();
    expect(main.methodsCalled()).not.toContain("chat.edit");
  });

  it("continues a stopped answer: the new text is appended and the Stopped mark goes", async () => {
    const { main, frames } = await renderWithMain(<App />, (main) => {
      ready(main);
      main.addConversation("Story", [user("u1", "Tell a story"), model("m1", "Once upon a ti", { status: "stopped" })]);
    });
    const answer = answers()[0]!;
    expect(within(answer).getByText("Stopped")).toBeTruthy();
    await click(within(answer).getByRole("button", { name: "Continue" }));
    expect(main.calls.find((c) => c.method === "chat.continue")?.params).toEqual({ conversationId: "c1" });

    act(() => main.delta("me…"));
    await settle();
    nextFrame(frames);
    expect(textOf(answers()[0]!)).toBe("Once upon a time…");
    act(() => main.finish());
    await settle();
    expect(within(answers()[0]!).queryByText("Stopped")).toBeNull();
    expect(within(answers()[0]!).queryByRole("button", { name: "Continue" })).toBeNull();
  });

  it("offers Regenerate and Continue only on the newest answer, and not while generating", async () => {
    const { main } = await renderWithMain(<App />, (main) => {
      ready(main);
      main.addConversation("Two", [user("u1", "a"), model("m1", "b", { status: "stopped" }), user("u2", "c"), model("m2", "d")]);
    });
    const [older, newest] = answers();
    expect(within(older!).queryByRole("button", { name: "Regenerate" })).toBeNull();
    expect(within(older!).queryByRole("button", { name: "Continue" })).toBeNull();
    expect(within(newest!).getByRole("button", { name: "Regenerate" })).toBeTruthy();

    act(() => main.setStatus({ state: "generating", model: modelAt("/m.gguf") }));
    await settle();
    expect((within(answers()[1]!).getByRole("button", { name: "Regenerate" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("notes where the model's context starts", async () => {
    await renderWithMain(<App />, (main) => {
      ready(main);
      const conversation = main.addConversation("Long", [user("u1", "old"), model("m1", "older answer"), user("u2", "new"), model("m2", "newer")]);
      conversation.contextStartId = "u2";
    });
    const notice = screen.getByText("Older messages no longer fit in the model's context and are not sent to it.");
    const articles = screen.getAllByRole("article");
    // Between the last message left out and the first one the model sees.
    expect(articles[1]!.textContent).toContain("older answer");
    expect(articles[2]!.textContent).toContain("new");
    expect(notice.compareDocumentPosition(articles[1]!) & Node.DOCUMENT_POSITION_PRECEDING).toBeTruthy();
    expect(notice.compareDocumentPosition(articles[2]!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getAllByText(/no longer fit/)).toHaveLength(1);
  });
});
