import { useCallback, useEffect, useLayoutEffect, useReducer, useRef, type RefObject } from "react";
import { sameRange, sumSizes, visibleRange, type Range } from "./virtual-range.ts";

export interface VirtualWindowOptions {
  /** The scrolling element. */
  scrollRef: RefObject<HTMLElement | null>;
  count: number;
  /** An item's key (heights are remembered by key). */
  keyAt: (index: number) => string;
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
export function useVirtualWindow({ scrollRef, count, keyAt, estimate, overscanPx, stickyPx, followSignal, jumpTo }: VirtualWindowOptions): VirtualWindow {
  const keys: string[] = new Array<string>(count);
  for (let index = 0; index < count; index++) keys[index] = keyAt(index);
  const heights = useRef(new Map<string, number>());
  const atBottom = useRef(true);
  const metrics = useRef({ top: 0, height: 0 });
  const rendered = useRef<Range>({ start: 0, end: 0 });
  const keysRef = useRef(keys);
  const lastFollow = useRef(followSignal);
  const [, rerender] = useReducer((n: number) => n + 1, 0);

  if (lastFollow.current !== followSignal) {
    lastFollow.current = followSignal;
    atBottom.current = true;
  }

  const rangeFor = useCallback(
    (list: readonly string[]) => {
      const sizes = list.map((key) => heights.current.get(key) ?? estimate);
      const { top, height } = metrics.current;
      const range = visibleRange({ sizes, scrollTop: top, viewportHeight: height || fallbackViewport(), overscanPx, atBottom: atBottom.current });
      return { sizes, range };
    },
    [estimate, overscanPx],
  );

  const { sizes, range } = rangeFor(keys);
  rendered.current = range;
  keysRef.current = keys;

  const scrollToEnd = useCallback(() => {
    const element = scrollRef.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [scrollRef]);

  /** Re-renders only when the rows to show changed (not on every pixel of scrolling or growth). */
  const refresh = useCallback(() => {
    if (!sameRange(rangeFor(keysRef.current).range, rendered.current)) rerender();
  }, [rangeFor]);

  const observer = useRef<ResizeObserver | null>(null);
  if (observer.current === null && typeof ResizeObserver !== "undefined") {
    observer.current = new ResizeObserver((entries) => {
      let grew = false;
      for (const entry of entries) {
        const element = entry.target as HTMLElement;
        const size = entry.borderBoxSize?.[0]?.blockSize ?? element.getBoundingClientRect().height;
        if (element === scrollRef.current) {
          metrics.current = { ...metrics.current, height: element.clientHeight };
          continue;
        }
        const key = element.dataset["key"];
        if (key === undefined || size <= 0 || heights.current.get(key) === size) continue;
        heights.current.set(key, size);
        grew = true;
      }
      if (grew && atBottom.current) scrollToEnd();
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

  // When rows come or go (or the reader just sent a message): keep following the newest row, and remember where
  // the view is. Not after every render: reading scroll positions forces a layout, and a streaming answer renders
  // every frame (its growth is followed by the ResizeObserver above).
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    if (atBottom.current) scrollToEnd();
    metrics.current = { top: element.scrollTop, height: element.clientHeight };
  }, [scrollRef, scrollToEnd, followSignal, keys.length, range.start, range.end]);

  // A jump lands on a row that may never have been measured: its offset is estimated, and the rows around it
  // are measured once shown (the browser's scroll anchoring keeps the row in place as they settle).
  const lastJump = useRef<JumpTarget | null | undefined>(undefined);
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element || !jumpTo || lastJump.current === jumpTo) return;
    lastJump.current = jumpTo;
    atBottom.current = false;
    const offset = sumSizes(
      keysRef.current.map((key) => heights.current.get(key) ?? estimate),
      0,
      Math.min(jumpTo.index, keysRef.current.length),
    );
    element.scrollTop = offset;
    metrics.current = { top: offset, height: element.clientHeight };
    rerender();
  }, [scrollRef, jumpTo, estimate]);

  const measure = useCallback((element: HTMLElement | null) => {
    const resize = observer.current;
    if (!element || !resize) return undefined;
    resize.observe(element);
    return () => resize.unobserve(element);
  }, []);

  return {
    ...range,
    padTop: sumSizes(sizes, 0, range.start),
    padBottom: sumSizes(sizes, range.end, sizes.length),
    measure,
  };
}
