import ReactMarkdown from "react-markdown";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { markdownBlocks } from "../../renderer/src/components/Markdown/markdown-blocks.ts";

const html = (markdown: string) => renderToStaticMarkup(<ReactMarkdown>{markdown}</ReactMarkdown>);
const sameWithoutWhitespaceBetweenTags = (a: string, b: string) => expect(a.replace(/>\s+</g, "><")).toBe(b.replace(/>\s+</g, "><"));

const documents = {
  "headings, paragraphs and a fenced block with blank lines": "# Title\n\nOne paragraph.\n\n```ts\nconst a = 1;\n\n\nconst b = 2;\n```\n\nAfter the code.",
  "a loose list stays one list": "- first\n\n- second\n\n  still the second item\n\n- third\n\nA paragraph.",
  "an ordered list with a code block inside an item": "1. Install:\n\n   ```bash\n   npm ci\n\n   npm test\n   ```\n\n2. Run it.\n\nDone.",
  "an indented code block with a blank line": "Example:\n\n    line one\n\n    line two\n\nEnd.",
  "a tilde fence holding a backtick fence": "~~~\n```\n\nnot a fence end\n~~~\n\nText.",
  "block quotes and a thematic break": "> quoted\n> more\n\n> another quote\n\n---\n\nLast.",
  "an unfinished fence while streaming": "Intro.\n\n```python\ndef f():\n\n    return 1",
};

describe("markdownBlocks", () => {
  for (const [name, markdown] of Object.entries(documents)) {
    it(`renders the same block by block as whole: ${name}`, () => {
      const blocks = markdownBlocks(markdown);
      sameWithoutWhitespaceBetweenTags(blocks.map(html).join(""), html(markdown));
      expect(blocks.join("\n")).toBe(markdown);
    });
  }

  it("splits at blank lines between top-level blocks, not inside fences or list items", () => {
    expect(markdownBlocks(documents["headings, paragraphs and a fenced block with blank lines"])).toEqual([
      "# Title\n",
      "One paragraph.\n",
      "```ts\nconst a = 1;\n\n\nconst b = 2;\n```\n",
      "After the code.",
    ]);
    expect(markdownBlocks(documents["a loose list stays one list"])).toHaveLength(2);
    expect(markdownBlocks(documents["an unfinished fence while streaming"])).toEqual(["Intro.\n", "```python\ndef f():\n\n    return 1"]);
  });

  it("gives an empty text no blocks to parse beyond itself", () => {
    expect(markdownBlocks("")).toEqual([""]);
    expect(markdownBlocks("One line")).toEqual(["One line"]);
  });
});
