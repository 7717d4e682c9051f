// @vitest-environment jsdom
import { cleanup, render, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { ChatMessage } from "../../electron/common/contract/app/chat.ts";
import { largeCodeChars } from "../../renderer/src/components/Markdown/fenced-code.ts";
import { Markdown } from "../../renderer/src/components/Markdown/Markdown.tsx";
import { MessageList } from "../../renderer/src/components/MessageList/MessageList.tsx";

afterEach(() => cleanup());

/** Highlighting runs outside the render (a worker in the app; in jsdom, which has none, a later task in the page). */
const highlightedIn = (container: HTMLElement, selector: string) => waitFor(() => expect(container.querySelector(selector)).not.toBeNull());

describe("code highlighting in answers", () => {
  it("shows a fenced block as plain text at once and highlighted soon after, with the same text", async () => {
    const { container } = render(<Markdown text={"```ts\nconst answer: number = 42;\n```"} />);
    const code = () => container.querySelector("pre code");
    expect(code()?.textContent).toBe("const answer: number = 42;\n");
    expect(container.querySelector("[class^=hljs-]")).toBeNull();

    await highlightedIn(container, "pre code .hljs-keyword");
    expect(code()?.classList.contains("hljs")).toBe(true);
    expect(code()?.querySelector(".hljs-keyword")?.textContent).toBe("const");
    expect(code()?.querySelector(".hljs-number")?.textContent).toBe("42");
    expect(code()?.textContent).toBe("const answer: number = 42;\n");
  });

  it("leaves an unknown language and a block without one as plain text", async () => {
    const { container } = render(<Markdown text={"```klingon\nqaStaH nuq\n```\n\n```\nplain <b>text</b>\n```\n\n```js\nlet x;\n```"} />);
    // The known language is highlighted: by then the others have had their turn.
    await highlightedIn(container, ".hljs-keyword");
    const blocks = [...container.querySelectorAll("pre code")];
    expect(blocks.map((code) => code.textContent)).toEqual(["qaStaH nuq\n", "plain <b>text</b>\n", "let x;\n"]);
    expect(blocks[0]?.querySelector("[class^=hljs-]")).toBeNull();
    expect(blocks[1]?.querySelector("[class^=hljs-]")).toBeNull();
    expect(container.querySelector("b")).toBeNull();
  });

  it("highlights a long block below the large-code size in full", async () => {
    const lines = Math.floor((largeCodeChars - 100) / 40);
    const code = Array.from({ length: lines }, (_, line) => `const v${String(line).padStart(5, "0")} = ${line};`.padEnd(39)).join("\n");
    const { container } = render(<Markdown text={`\`\`\`ts\n${code}\n\`\`\``} />);
    await highlightedIn(container, "pre code .hljs-keyword");
    expect(container.querySelectorAll("pre code .hljs-keyword")).toHaveLength(lines);
    expect(container.querySelector("pre code")?.textContent).toBe(`${code}\n`);
  });

  it("keeps streamed code readable while it grows and highlights the finished block", async () => {
    const model = (text: string, status: ChatMessage["status"]): ChatMessage => ({ id: "m1", role: "model", text, status, createdAt: 1 });
    let text = "Here:\n\n```python\n";
    const { container, rerender } = render(<MessageList messages={[model(text, "streaming")]} busy />);
    for (let line = 0; line < 6; line++) {
      text += `print("line ${line}")\n`;
      rerender(<MessageList messages={[model(text, "streaming")]} busy />);
      // Every character is on screen at every step, highlighted or not yet.
      await waitFor(() => expect(container.querySelector("pre code")?.textContent).toBe(text.slice(text.indexOf("```python\n") + 10)));
    }
    text += "```";
    rerender(<MessageList messages={[model(text, "complete")]} busy={false} />);
    await waitFor(() => expect(container.querySelectorAll("pre code .hljs-string")).toHaveLength(6));
    expect(container.querySelector("pre code")?.textContent).toBe(Array.from({ length: 6 }, (_, line) => `print("line ${line}")\n`).join(""));
  });

  it("shows code highlighted before highlighted at once when it is shown again", async () => {
    const text = "```rust\nfn main() { let answer = 42; }\n```";
    const first = render(<Markdown text={text} />);
    await highlightedIn(first.container, "pre code .hljs-keyword");
    first.unmount();

    const again = render(<Markdown text={text} />);
    expect(again.container.querySelector("pre code .hljs-keyword")?.textContent).toBe("fn");
  });
});
