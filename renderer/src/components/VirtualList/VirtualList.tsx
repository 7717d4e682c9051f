import type { ReactNode, RefObject } from "react";
import { useVirtualWindow } from "./use-virtual-window.ts";
import "./VirtualList.css";

interface VirtualListProps<T> {
  items: readonly T[];
  getKey: (item: T) => string;
  renderItem: (item: T, index: number) => ReactNode;
  /** The element that scrolls (it stays the list's container, e.g. a `role="log"`). */
  scrollRef: RefObject<HTMLElement | null>;
  /** Height assumed for a row not measured yet. */
  estimate?: number;
  overscanPx?: number;
  /** See `useVirtualWindow`: a change jumps back to following the newest row. */
  followSignal?: unknown;
}

const stickyPx = 48;

/**
 * Renders only the rows in and near the viewport, with spacers standing in for the rest, so a
 * conversation of hundreds of messages costs what a screenful does. Stays at the bottom while the
 * reader is there (new and growing rows are followed).
 */
export function VirtualList<T>({ items, getKey, renderItem, scrollRef, estimate = 160, overscanPx = 900, followSignal }: VirtualListProps<T>) {
  const keys = items.map(getKey);
  const view = useVirtualWindow({ scrollRef, keys, estimate, overscanPx, stickyPx, followSignal });
  const rows: ReactNode[] = [];
  for (let index = view.start; index < view.end; index++) {
    const item = items[index];
    if (item === undefined) continue;
    const key = keys[index]!;
    rows.push(
      <div key={key} ref={view.measure} data-key={key} className="virtual-list__row">
        {renderItem(item, index)}
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
