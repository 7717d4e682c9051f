// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { fencedCode, foldedCodeLines, largeCodeChars } from "../../renderer/src/components/Markdown/fenced-code.ts";
import { Markdown } from "../../renderer/src/components/Markdown/Markdown.tsx";

afterEach(() => cleanup());

const fileOf = (lines: number) => Array.from({ length: lines }, (_, line) => `const value${line} = "${"x".repeat(80)}";`).join("\n");

describe("fenced code blocks as CommonMark reads them", () => {
  it("finds the language and code of a block that is one fence", () => {
    expect(fencedCode("```ts\nconst a = 1;\n```")).toEqual({ language: "ts", code: "const a = 1;" });
    expect(fencedCode("~~~~\nplain\n~~~~~\n")).toEqual({ language: undefined, code: "plain" });
    // Still open while the answer streams.
    expect(fencedCode("```python\ndef f():\n    pass")).toEqual({ language: "python", code: "def f():\n    pass" });
  });

  it("is not fooled by a shorter or different fence, or by text after the block", () => {
    expect(fencedCode("````md\n```\ninner\n```\n````")).toEqual({ language: "md", code: "```\ninner\n```" });
    expect(fencedCode("```\ncode\n~~~\nmore\n```")).toEqual({ language: undefined, code: "code\n~~~\nmore" });
    expect(fencedCode("```\ncode\n```\nA paragraph right after")).toBeUndefined();
    expect(fencedCode("Some text\n```\ncode\n```")).toBeUndefined();
  });
});

describe("a whole file in an answer", () => {
  it("shows its first lines, plain, and unfolds and folds on request", () => {
    const code = fileOf(2000);
    expect(code.length).toBeGreaterThan(largeCodeChars);
    const { container } = render(<Markdown text={`Here it is:\n\n\`\`\`ts\n${code}\n\`\`\``} />);
    const shown = () => container.querySelector("pre code")?.textContent ?? "";
    expect(shown().split("\n")).toHaveLength(foldedCodeLines);
    expect(shown()).toBe(code.split("\n").slice(0, foldedCodeLines).join("\n"));
    expect(container.querySelector("[class^=hljs-]")).toBeNull();

    fireEvent.click(screen.getByRole("button", { name: "Show all 2000 lines" }));
    expect(shown()).toBe(code);
    fireEvent.click(screen.getByRole("button", { name: "Show fewer lines" }));
    expect(shown().split("\n")).toHaveLength(foldedCodeLines);
  });

  it("still highlights an ordinary code block", async () => {
    const { container } = render(<Markdown text={"```ts\nconst answer = 42;\n```"} />);
    await waitFor(() => expect(container.querySelector(".hljs-keyword")).not.toBeNull());
    expect(screen.queryByRole("button", { name: /Show all/ })).toBeNull();
  });
});
