import { useCallback, useEffect, useLayoutEffect, useReducer, useRef, type RefObject } from "react";
import { RowSizes } from "./row-sizes.ts";
import { sameRange, visibleRange, type Range } from "./virtual-range.ts";

export interface VirtualWindowOptions {
  /** The scrolling element. */
  scrollRef: RefObject<HTMLElement | null>;
  count: number;
  /** An item's key (heights are remembered by key). */
  keyAt: (index: number) => string;
  /** Changes whenever a key may have changed (absent: keys are read again at every render). */
  keysVersion?: unknown;
  /** Height assumed for an item not measured yet. */
  estimate: number;
  overscanPx: number;
  /** Within this many pixels of the end counts as "at the bottom" (and keeps following). */
  stickyPx: number;
  /** Whenever this changes, jump back to following the newest item (e.g. the reader just sent a message). */
  followSignal?: unknown;
  /** Whenever this object changes, scroll its row to the top of the view (and stop following the newest). */
  jumpTo?: JumpTarget | null | undefined;
}

export interface JumpTarget {
  index: number;
}

export interface VirtualWindow extends Range {
  padTop: number;
  padBottom: number;
  /** Ref callback for a rendered row (it must carry `data-key`): its height is measured while it is shown. */
  measure: (element: HTMLElement | null) => (() => void) | undefined;
}

/** Height of a view that has no layout (jsdom): the window's, so tests see a realistic window. */
const fallbackViewport = () => (typeof window === "undefined" ? 800 : window.innerHeight || 800);

/**
 * Windowing for a list of rows of unknown, changing heights. Rows are measured with ResizeObserver
 * while rendered; unmeasured ones count as `estimate`. While the reader is at the bottom the view
 * follows the newest row as it grows (a streaming answer), scrolling in the observer's callback
 * (before paint). Rows that change size above the viewport are compensated by the browser's scroll
 * anchoring.
 */
export function useVirtualWindow(options: VirtualWindowOptions): VirtualWindow {
  const { scrollRef, count, keyAt, keysVersion, estimate, overscanPx, stickyPx, followSignal, jumpTo } = options;
  const rowsRef = useRef<RowSizes | null>(null);
  if (rowsRef.current === null) rowsRef.current = new RowSizes(estimate);
  const rows = rowsRef.current;
  rows.update(count, keysVersion, keyAt);
  const atBottom = useRef(true);
  const metrics = useRef({ top: 0, height: 0 });
  const rendered = useRef<Range>({ start: 0, end: 0 });
  const lastFollow = useRef(followSignal);
  const [, rerender] = useReducer((n: number) => n + 1, 0);

  if (lastFollow.current !== followSignal) {
    lastFollow.current = followSignal;
    atBottom.current = true;
  }

  const rangeFor = useCallback(
    (sizes: readonly number[]) => {
      const { top, height } = metrics.current;
      return visibleRange({ sizes, scrollTop: top, viewportHeight: height || fallbackViewport(), overscanPx, atBottom: atBottom.current });
    },
    [overscanPx],
  );

  const range = rangeFor(rows.sizes);
  rendered.current = range;

  const scrollToEnd = useCallback(() => {
    const element = scrollRef.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [scrollRef]);

  /** Re-renders only when the rows to show changed (not on every pixel of scrolling or growth). */
  const refresh = useCallback(() => {
    if (!sameRange(rangeFor(rows.sizes), rendered.current)) rerender();
  }, [rangeFor, rows]);

  const observer = useRef<ResizeObserver | null>(null);
  if (observer.current === null && typeof ResizeObserver !== "undefined") {
    observer.current = new ResizeObserver((entries) => {
      let follow = false;
      for (const entry of entries) {
        const element = entry.target as HTMLElement;
        const size = entry.borderBoxSize?.[0]?.blockSize ?? element.getBoundingClientRect().height;
        if (element === scrollRef.current) {
          metrics.current = { ...metrics.current, height: element.clientHeight };
          continue;
        }
        const key = element.dataset["key"];
        if (key === undefined || size <= 0) continue;
        // A row just shown is reported once, measured or not: the rows came or went, or a row grew.
        rows.measured(key, size, rendered.current);
        follow = true;
      }
      if (follow && atBottom.current) scrollToEnd();
      refresh();
    });
  }

  useEffect(() => {
    const element = scrollRef.current;
    const resize = observer.current;
    if (!element) return;
    resize?.observe(element);
    const onScroll = () => {
      atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < stickyPx;
      metrics.current = { top: element.scrollTop, height: element.clientHeight };
      refresh();
    };
    element.addEventListener("scroll", onScroll, { passive: true });
    return () => {
      element.removeEventListener("scroll", onScroll);
      resize?.unobserve(element);
    };
  }, [scrollRef, stickyPx, refresh]);

  useEffect(() => () => observer.current?.disconnect(), []);

  // When rows come or go (or the reader just sent a message): keep following the newest row. Where there is a
  // ResizeObserver it does that: it reports every row just shown after the frame's layout and before its paint,
  // where scrolling costs no layout of its own. Here, reading the scroll height would force that layout inside
  // React's task (opening a long chat, sending a message: render, commit and the whole layout in one long task).
  // Not after every render, and not while the reader is elsewhere (a scroll, also the browser's anchoring after rows
  // changed, reports the new position itself).
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element || !atBottom.current || observer.current) return;
    scrollToEnd();
    metrics.current = { top: element.scrollTop, height: element.clientHeight };
  }, [scrollRef, scrollToEnd, followSignal, count, range.start, range.end]);

  // A jump lands on a row that may never have been measured: its offset is estimated, and the rows around it
  // are measured once shown (the browser's scroll anchoring keeps the row in place as they settle).
  const lastJump = useRef<JumpTarget | null | undefined>(undefined);
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element || !jumpTo || lastJump.current === jumpTo) return;
    lastJump.current = jumpTo;
    atBottom.current = false;
    const offset = rows.sum(0, Math.min(jumpTo.index, rows.sizes.length));
    element.scrollTop = offset;
    metrics.current = { top: offset, height: element.clientHeight };
    rerender();
  }, [scrollRef, jumpTo, rows]);

  const measure = useCallback((element: HTMLElement | null) => {
    const resize = observer.current;
    if (!element || !resize) return undefined;
    resize.observe(element);
    return () => resize.unobserve(element);
  }, []);

  return {
    ...range,
    padTop: rows.sum(0, range.start),
    padBottom: rows.sum(range.end, rows.sizes.length),
    measure,
  };
}
