// @vitest-environment jsdom
import { act, cleanup, render, waitFor } from "@testing-library/react";
import { createRoot } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ChatMessage } from "../../electron/common/contract/app/chat.ts";
import { MessageList } from "../../renderer/src/components/MessageList/MessageList.tsx";

const seen = vi.hoisted(() => ({ parsed: [] as string[], copyButtons: [] as string[] }));

// Count how often each text goes through the Markdown parser…
vi.mock("react-markdown", async (importOriginal) => {
  const actual = await importOriginal<typeof import("react-markdown")>();
  const Counting = (options: Parameters<typeof actual.default>[0]) => {
    seen.parsed.push(String(options.children));
    return actual.default(options);
  };
  return { ...actual, default: Counting };
});

// …and how often a finished message's header (its Copy button) renders.
vi.mock("../../renderer/src/components/CopyButton/CopyButton.tsx", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../renderer/src/components/CopyButton/CopyButton.tsx")>();
  const Counting = (props: Parameters<typeof actual.CopyButton>[0]) => {
    seen.copyButtons.push(props.text);
    return actual.CopyButton(props);
  };
  return { ...actual, CopyButton: Counting };
});

afterEach(() => cleanup());
beforeEach(() => {
  seen.parsed.length = 0;
  seen.copyButtons.length = 0;
});

const model = (id: string, text: string, status: ChatMessage["status"]): ChatMessage => ({
  id,
  role: "model",
  text,
  status,
  createdAt: 1,
});

describe("message memoisation", () => {
  it("re-renders and re-parses only the streaming answer when the list re-renders", () => {
    const finished = model("m1", "A **finished** answer", "complete");
    const { rerender } = render(<MessageList messages={[finished, model("m2", "Str", "streaming")]} busy />);
    expect(seen.copyButtons).toEqual(["A **finished** answer"]);
    seen.parsed.length = 0;
    seen.copyButtons.length = 0;

    // As after a frame of deltas, and after a chat.changed, which hands in new but equal objects.
    rerender(<MessageList messages={[{ ...finished }, model("m2", "Stream", "streaming")]} busy />);
    rerender(<MessageList messages={[{ ...finished }, model("m2", "Streaming", "streaming")]} busy />);

    expect(seen.parsed).toEqual(["Stream", "Streaming"]);
    expect(seen.copyButtons).toEqual([]);
  });

  it("does not parse an answer again when only its status changes", () => {
    const { rerender, getByText, queryByText } = render(<MessageList messages={[model("m1", "Partial", "streaming")]} busy />);
    expect(queryByText("Stopped")).toBeNull();
    rerender(<MessageList messages={[model("m1", "Partial", "stopped")]} busy={false} />);
    expect(getByText("Stopped")).toBeTruthy();
    expect(seen.parsed).toEqual(["Partial"]);
  });

  it("re-parses only the growing last block of a streaming answer", () => {
    const start = "## Steps\n\nFirst, update the package list.\n\n```bash\nsudo apt-get";
    const { rerender, container } = render(<MessageList messages={[model("m1", start, "streaming")]} busy />);
    seen.parsed.length = 0;

    rerender(<MessageList messages={[model("m1", `${start} update`, "streaming")]} busy />);

    expect(seen.parsed).toEqual(["```bash\nsudo apt-get update"]);
    expect(container.querySelector("h2")?.textContent).toBe("Steps");
    expect(container.querySelector("pre code")?.textContent).toBe("sudo apt-get update\n");
  });
});

describe("a long chat scrolled back and forth", () => {
  it("shows an answer scrolled back into view without parsing or highlighting it again", async () => {
    const answers = [model("a1", "## Once\n\nParsed **once**.\n\n```ts\nconst a = 1;\n```", "complete"), model("a2", "Another *answer*.", "complete")];
    const first = render(<MessageList messages={answers} busy={false} />);
    expect(first.container.querySelector("strong")?.textContent).toBe("once");
    await waitFor(() => expect(first.container.querySelector("pre code .hljs-keyword")).not.toBeNull());
    first.unmount();
    seen.parsed.length = 0;

    // The list unmounts rows that leave its window and mounts them again when they come back.
    const again = render(<MessageList messages={answers.map((answer) => ({ ...answer }))} busy={false} />);
    expect(seen.parsed).toEqual([]);
    expect(again.container.querySelector("h2")?.textContent).toBe("Once");
    expect(again.container.querySelector("pre code .hljs-keyword")?.textContent).toBe("const");
  });

  it("brings a screenful of messages in over a few renders, and shows all of them", async () => {
    const messages = Array.from({ length: 40 }, (_, index) => model(`r${index}`, `Row **${index}**`, "complete"));
    const host = document.createElement("div");
    document.body.append(host);
    const root = createRoot(host);
    // What the first render put on the page (as a jump or a page of messages arriving gets): not every row's message.
    const firstShown = new Promise<{ rows: number; articles: number }>((resolve) => {
      const observer = new MutationObserver(() => {
        observer.disconnect();
        resolve({ rows: host.querySelectorAll(".virtual-list__row").length, articles: host.querySelectorAll("article").length });
      });
      observer.observe(host, { childList: true, subtree: true });
    });
    const actEnvironment = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
    actEnvironment.IS_REACT_ACT_ENVIRONMENT = false;
    root.render(<MessageList messages={messages} busy={false} />);
    const first = await firstShown;
    actEnvironment.IS_REACT_ACT_ENVIRONMENT = true;
    expect(first.articles).toBeGreaterThan(0);
    expect(first.articles).toBeLessThan(first.rows);
    const rows = first.rows;
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    expect(host.querySelectorAll("article")).toHaveLength(rows);
    expect(host.querySelectorAll("strong")).toHaveLength(rows);
    act(() => root.unmount());
    host.remove();
  });
});
