// @vitest-environment jsdom
import { cleanup, render } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { Markdown } from "../../renderer/src/components/Markdown/Markdown.tsx";

afterEach(() => cleanup());

describe("code highlighting in answers", () => {
  it("highlights a fenced block in a known language and keeps its text", () => {
    const { container } = render(<Markdown text={"```ts\nconst answer: number = 42;\n```"} />);
    const code = container.querySelector("pre code");
    expect(code?.classList.contains("hljs")).toBe(true);
    expect(code?.querySelector(".hljs-keyword")?.textContent).toBe("const");
    expect(code?.querySelector(".hljs-number")?.textContent).toBe("42");
    expect(code?.textContent).toBe("const answer: number = 42;\n");
  });

  it("leaves an unknown language and a block without one as plain text", () => {
    const { container } = render(<Markdown text={"```klingon\nqaStaH nuq\n```\n\n```\nplain <b>text</b>\n```"} />);
    const blocks = [...container.querySelectorAll("pre code")];
    expect(blocks.map((code) => code.textContent)).toEqual(["qaStaH nuq\n", "plain <b>text</b>\n"]);
    expect(container.querySelector("[class^=hljs-]")).toBeNull();
    expect(container.querySelector("b")).toBeNull();
  });
});
