// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ChatMessage } from "../../electron/common/contract/app/chat.ts";
import { MessageList } from "../../renderer/src/components/MessageList/MessageList.tsx";
import { sampleStats } from "./support/fake-main.ts";

afterEach(() => cleanup());

function message(id: string, role: ChatMessage["role"], text: string, extra: Partial<ChatMessage> = {}): ChatMessage {
  return { id, role, text, status: "complete", createdAt: 1, ...extra };
}

const codeAnswer = "Try this:\n\n```js\nconst answer = 42;\n```\n\nIt is **bold** and `inline`.";

describe("MessageList", () => {
  let writeText: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
  });

  it("is a polite live log of the conversation", () => {
    render(<MessageList messages={[message("u1", "user", "Hello")]} busy={false} />);
    const log = screen.getByRole("log", { name: "Messages" });
    expect(log.getAttribute("aria-live")).toBe("polite");
    expect(within(log).getByText("Hello")).toBeTruthy();
  });

  it("renders the model's Markdown with highlighted code", async () => {
    render(<MessageList messages={[message("m1", "model", codeAnswer)]} busy={false} />);
    const answer = screen.getByRole("article", { name: "Gemma" });
    expect(within(answer).getByText("bold").tagName).toBe("STRONG");
    expect(within(answer).getByText("inline").tagName).toBe("CODE");
    // Highlighted outside the render, soon after.
    await waitFor(() => expect(answer.querySelector("pre code .hljs-keyword")?.textContent).toBe("const"));
    expect(answer.querySelector("pre code .hljs-number")?.textContent).toBe("42");
    expect(within(answer).getByText("js")).toBeTruthy();
  });

  it("shows the user's text as typed, never as Markdown or HTML", () => {
    render(<MessageList messages={[message("u1", "user", "**not bold** <b>raw</b>")]} busy={false} />);
    const mine = screen.getByRole("article", { name: "You" });
    expect(within(mine).getByText("**not bold** <b>raw</b>")).toBeTruthy();
    expect(mine.querySelector("b, strong")).toBeNull();
  });

  it("escapes raw HTML in model output", () => {
    render(<MessageList messages={[message("m1", "model", 'Hi <img src="x" onerror="alert(1)"> there')]} busy={false} />);
    const answer = screen.getByRole("article", { name: "Gemma" });
    expect(answer.querySelector("img")).toBeNull();
  });

  it("copies a code block's source with its Copy button", async () => {
    render(<MessageList messages={[message("m1", "model", codeAnswer)]} busy={false} />);
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Copy code" }));
    });
    expect(writeText).toHaveBeenCalledWith("const answer = 42;");
    expect(screen.getByRole("button", { name: "Copied" })).toBeTruthy();
  });

  it("copies a whole message with its Copy button", async () => {
    render(<MessageList messages={[message("m1", "model", codeAnswer)]} busy={false} />);
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Copy message" }));
    });
    expect(writeText).toHaveBeenCalledWith(codeAnswer);
  });

  it("marks stopped and crashed answers, keeping their partial text", () => {
    render(
      <MessageList
        messages={[
          message("m1", "model", "Half an answ", { status: "stopped" }),
          message("m2", "model", "Cut off mid", { status: "crashed" }),
        ]}
        busy={false}
      />,
    );
    const [stopped, crashed] = screen.getAllByRole("article", { name: "Gemma" });
    expect(within(stopped!).getByText("Half an answ")).toBeTruthy();
    expect(within(stopped!).getByText("Stopped")).toBeTruthy();
    expect(within(crashed!).getByText("Cut off mid")).toBeTruthy();
    expect(within(crashed!).getByText("Interrupted — engine crashed")).toBeTruthy();
    expect(within(crashed!).queryByText("Stopped")).toBeNull();
  });

  it("shows an error answer's reason", () => {
    const failed = message("m1", "model", "", { status: "error", error: { code: "INTERNAL", message: "Context overflow" } });
    render(<MessageList messages={[failed]} busy={false} />);
    expect(screen.getByText("Failed: Context overflow")).toBeTruthy();
  });

  it("puts the stats line under a finished answer only", () => {
    render(
      <MessageList
        messages={[
          message("m1", "model", "Done.", { stats: sampleStats }),
          message("m2", "model", "Still go", { status: "streaming" }),
        ]}
        busy
      />,
    );
    const [done, streaming] = screen.getAllByRole("article", { name: "Gemma" });
    expect(within(done!).getByText("42 tokens · 5.7 tok/s · first token 0.8 s")).toBeTruthy();
    expect(within(streaming!).queryByText(/tok\/s/)).toBeNull();
    expect(within(streaming!).queryByRole("button", { name: "Copy message" })).toBeNull();
    expect(screen.getByRole("log").getAttribute("aria-busy")).toBe("true");
  });

  it("shows the empty state when there are no messages", () => {
    render(<MessageList messages={[]} busy={false} empty={<p>nothing yet</p>} />);
    expect(within(screen.getByRole("log")).getByText("nothing yet")).toBeTruthy();
  });
});
