// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ChatMessage } from "../../electron/common/contract/app/chat.ts";
import { MessageList } from "../../renderer/src/components/MessageList/MessageList.tsx";
import { visibleRange } from "../../renderer/src/components/VirtualList/virtual-range.ts";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function conversation(count: number): ChatMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `m${i}`,
    role: i % 2 === 0 ? "user" : "model",
    text: `Message number ${i}`,
    status: "complete",
    createdAt: i,
  }));
}

/** jsdom does no layout: give the log the geometry of a real, scrollable one. */
function layOut(log: HTMLElement, scrollHeight: number, clientHeight = 600) {
  Object.defineProperty(log, "scrollHeight", { configurable: true, get: () => scrollHeight });
  Object.defineProperty(log, "clientHeight", { configurable: true, get: () => clientHeight });
}

function scrollTo(log: HTMLElement, top: number) {
  act(() => {
    log.scrollTop = top;
    fireEvent.scroll(log);
  });
}

/** A ResizeObserver that records what is observed; `report` delivers entries as Chromium would. */
function stubResizeObserver() {
  const observed = new Set<Element>();
  let callback: ResizeObserverCallback = () => undefined;
  vi.stubGlobal(
    "ResizeObserver",
    class {
      constructor(reportTo: ResizeObserverCallback) {
        callback = reportTo;
      }
      observe = (element: Element) => observed.add(element);
      unobserve = (element: Element) => observed.delete(element);
      disconnect = () => observed.clear();
    },
  );
  return { observed, report: (entries: ResizeObserverEntry[], observer: ResizeObserver) => callback(entries, observer) };
}

function entry(target: Element, blockSize: number): ResizeObserverEntry {
  return { target, borderBoxSize: [{ blockSize, inlineSize: 600 }] } as unknown as ResizeObserverEntry;
}

const shown = () => screen.getAllByRole("article").map((a) => a.querySelector("[data-testid=message-text]")?.textContent);

describe("visibleRange", () => {
  const sizes = Array.from({ length: 100 }, () => 100);

  it("covers the viewport plus the overscan", () => {
    expect(visibleRange({ sizes, scrollTop: 5000, viewportHeight: 600, overscanPx: 200, atBottom: false })).toEqual({ start: 48, end: 58 });
    expect(visibleRange({ sizes, scrollTop: 0, viewportHeight: 600, overscanPx: 200, atBottom: false })).toEqual({ start: 0, end: 8 });
  });

  it("ends with the last item while following the bottom", () => {
    expect(visibleRange({ sizes, scrollTop: 0, viewportHeight: 600, overscanPx: 200, atBottom: true })).toEqual({ start: 92, end: 100 });
  });

  it("handles no items, and a scroll position past the end", () => {
    expect(visibleRange({ sizes: [], scrollTop: 0, viewportHeight: 600, overscanPx: 0, atBottom: true })).toEqual({ start: 0, end: 0 });
    expect(visibleRange({ sizes, scrollTop: 99_999, viewportHeight: 600, overscanPx: 0, atBottom: false })).toEqual({ start: 99, end: 100 });
  });
});

describe("virtualised message list", () => {
  it("puts only a window of a 500-message conversation in the DOM, starting at the newest", () => {
    render(<MessageList messages={conversation(500)} busy={false} />);
    const texts = shown();
    expect(texts.length).toBeGreaterThan(3);
    expect(texts.length).toBeLessThan(30);
    expect(texts.at(-1)).toBe("Message number 499");
    expect(screen.queryByText("Message number 0")).toBeNull();
    const log = screen.getByRole("log");
    expect(log.getAttribute("aria-live")).toBe("polite");
    // The rows left out are stood in for by spacers, so the scrollbar spans the whole conversation.
    const [top] = log.querySelectorAll<HTMLElement>(".virtual-list__spacer");
    expect(parseFloat(top!.style.height)).toBeGreaterThan(400 * 100);
  });

  it("renders the rows where the reader scrolls to, and follows the newest again at the bottom", () => {
    render(<MessageList messages={conversation(500)} busy={false} />);
    const log = screen.getByRole("log");
    layOut(log, 80_000);

    scrollTo(log, 0);
    expect(shown()[0]).toBe("Message number 0");
    expect(screen.queryByText("Message number 499")).toBeNull();
    expect(shown().length).toBeLessThan(30);

    scrollTo(log, 40_000);
    expect(shown()).toContain("Message number 250");
    expect(screen.queryByText("Message number 0")).toBeNull();

    scrollTo(log, 80_000 - 600);
    expect(shown().at(-1)).toBe("Message number 499");
  });

  it("keeps a scrolled-up reader in place when a message arrives, and follows it when at the bottom", () => {
    const messages = conversation(200);
    const { rerender } = render(<MessageList messages={messages} busy={false} />);
    const log = screen.getByRole("log");
    layOut(log, 32_000);
    scrollTo(log, 0);
    rerender(<MessageList messages={[...messages, { id: "new", role: "model", text: "Fresh", status: "complete", createdAt: 9 }]} busy={false} />);
    expect(screen.queryByText("Fresh")).toBeNull();

    scrollTo(log, 32_000 - 600);
    rerender(
      <MessageList
        messages={[...messages, { id: "new", role: "model", text: "Fresh", status: "complete", createdAt: 9 }, { id: "new2", role: "model", text: "Fresher", status: "streaming", createdAt: 10 }]}
        busy
      />,
    );
    expect(shown().at(-1)).toBe("Fresher");
  });

  it("measures rows with ResizeObserver and scrolls along while the newest row grows", () => {
    const { observed, report } = stubResizeObserver();
    render(<MessageList messages={conversation(300)} busy />);
    const log = screen.getByRole("log");
    const rows = [...log.querySelectorAll<HTMLElement>(".virtual-list__row")];
    expect(rows.every((row) => observed.has(row))).toBe(true);
    expect(observed.has(log)).toBe(true);

    layOut(log, 50_000);
    act(() => report([entry(rows.at(-1)!, 900)], {} as ResizeObserver));
    expect(log.scrollTop).toBe(50_000);

    // Measured heights replace the estimate in the spacer for rows scrolled out of view.
    act(() => report(rows.map((row) => entry(row, 40)), {} as ResizeObserver));
    scrollTo(log, 0);
    const bottom = log.querySelectorAll<HTMLElement>(".virtual-list__spacer")[1]!;
    expect(shown()[0]).toBe("Message number 0");
    expect(parseFloat(bottom.style.height)).toBeLessThan(300 * 160);
  });

  it("follows a message the reader sends once its row is reported shown, and not while scrolled up", () => {
    const { observed, report } = stubResizeObserver();
    const messages = conversation(40);
    const { rerender } = render(<MessageList messages={messages} busy={false} />);
    const log = screen.getByRole("log");
    layOut(log, 8_000);
    act(() => report([...observed].filter((element) => element !== log).map((row) => entry(row, 160)), {} as ResizeObserver));
    expect(log.scrollTop).toBe(8_000);

    // Scrolled up, an answer arriving leaves the reader where they are.
    scrollTo(log, 1_000);
    const answer: ChatMessage = { id: "a", role: "model", text: "An answer", status: "complete", createdAt: 50 };
    rerender(<MessageList messages={[...messages, answer]} busy={false} />);
    layOut(log, 8_160);
    act(() => report([...observed].filter((element) => element !== log).map((row) => entry(row, 160)), {} as ResizeObserver));
    expect(log.scrollTop).toBe(1_000);

    // The reader sends a message: its row is shown and the view goes to it, though its height equals the estimate.
    const sent: ChatMessage = { id: "q", role: "user", text: "My question", status: "complete", createdAt: 51 };
    rerender(<MessageList messages={[...messages, answer, sent]} busy={false} />);
    const row = [...observed].find((element) => element !== log && element.textContent?.includes("My question"));
    expect(row).toBeDefined();
    layOut(log, 8_320);
    act(() => report([entry(row!, 160)], {} as ResizeObserver));
    expect(log.scrollTop).toBe(8_320);
  });
});
