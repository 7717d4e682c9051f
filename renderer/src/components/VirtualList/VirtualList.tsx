import { useEffect, type ReactNode, type RefObject } from "react";
import { useVirtualWindow, type JumpTarget } from "./use-virtual-window.ts";
import "./VirtualList.css";

interface VirtualListProps {
  count: number;
  /** A row's key (its height is remembered by it). */
  keyAt: (index: number) => string;
  /** Changes whenever a row's key may have changed; absent: keys are read again at every render. */
  keysVersion?: unknown;
  renderAt: (index: number) => ReactNode;
  /** The element that scrolls (it stays the list's container, e.g. a `role="log"`). */
  scrollRef: RefObject<HTMLElement | null>;
  /** Height assumed for a row not measured yet. */
  estimate?: number;
  overscanPx?: number;
  /** See `useVirtualWindow`: a change jumps back to following the newest row. */
  followSignal?: unknown;
  /** Brings a row into view (a new object each time). */
  jumpTo?: JumpTarget | null;
  /** The rows rendered changed (to fetch the ones not loaded yet). */
  onRange?: (start: number, end: number) => void;
}

const stickyPx = 48;

/**
 * Renders only the rows in and near the viewport, with spacers standing in for the rest, so a
 * conversation of thousands of messages costs what a screenful does. Stays at the bottom while the
 * reader is there (new and growing rows are followed).
 */
export function VirtualList(props: VirtualListProps) {
  const { count, keyAt, keysVersion, renderAt, scrollRef, estimate = 160, overscanPx = 900, followSignal, jumpTo, onRange } = props;
  const view = useVirtualWindow({ scrollRef, count, keyAt, keysVersion, estimate, overscanPx, stickyPx, followSignal, jumpTo });
  useEffect(() => onRange?.(view.start, view.end), [onRange, view.start, view.end]);
  const rows: ReactNode[] = [];
  for (let index = view.start; index < view.end; index++) {
    const key = keyAt(index);
    rows.push(
      <div key={key} ref={view.measure} data-key={key} className="virtual-list__row">
        {renderAt(index)}
      </div>,
    );
  }
  return (
    <>
      <div className="virtual-list__spacer" aria-hidden="true" style={{ height: view.padTop }} />
      {rows}
      <div className="virtual-list__spacer" aria-hidden="true" style={{ height: view.padBottom }} />
    </>
  );
}
