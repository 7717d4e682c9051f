export interface Range {
  /** First rendered item. */
  start: number;
  /** One past the last rendered item. */
  end: number;
}

export interface RangeInput {
  /** Each item's height: measured, or the estimate. */
  sizes: readonly number[];
  scrollTop: number;
  viewportHeight: number;
  /** Extra pixels rendered above and below the viewport. */
  overscanPx: number;
  /** Following the newest item: the range ends with the last one, whatever `scrollTop` says. */
  atBottom: boolean;
}

/** Which items cover the viewport plus the overscan. Linear in the item count (cheap for thousands). */
export function visibleRange({ sizes, scrollTop, viewportHeight, overscanPx, atBottom }: RangeInput): Range {
  const count = sizes.length;
  if (count === 0) return { start: 0, end: 0 };
  const want = viewportHeight + overscanPx;
  if (atBottom) {
    let start = count;
    let covered = 0;
    while (start > 0 && covered < want) covered += sizes[--start] ?? 0;
    return { start, end: count };
  }
  const top = scrollTop - overscanPx;
  const bottom = scrollTop + want;
  let start = 0;
  let offset = 0;
  while (start < count - 1 && offset + (sizes[start] ?? 0) <= top) offset += sizes[start++] ?? 0;
  let end = start;
  while (end < count && offset < bottom) offset += sizes[end++] ?? 0;
  return { start, end: Math.max(end, start + 1) };
}

export function sumSizes(sizes: readonly number[], from: number, to: number): number {
  let total = 0;
  for (let i = from; i < to; i++) total += sizes[i] ?? 0;
  return total;
}

export const sameRange = (a: Range, b: Range) => a.start === b.start && a.end === b.end;
