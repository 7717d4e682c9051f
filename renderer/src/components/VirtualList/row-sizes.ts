import type { Range } from "./virtual-range.ts";

/**
 * Every row's key and height (measured, or the estimate), kept between renders: a scroll event or a streamed frame
 * must not look up thousands of heights again. Rebuilt only when the rows change (their count, or the version the
 * list gives); a measured height is written in place.
 */
export class RowSizes {
  private readonly heights = new Map<string, number>();
  private rowKeys: string[] = [];
  private rowSizes: number[] = [];
  private built: { count: number; version: unknown; estimate: number } | undefined;

  constructor(private readonly estimate: number) {}

  get keys(): readonly string[] {
    return this.rowKeys;
  }

  get sizes(): readonly number[] {
    return this.rowSizes;
  }

  /** The rows as the list now has them; `version` undefined: they may have changed at every render. */
  update(count: number, version: unknown, keyAt: (index: number) => string): void {
    const built = this.built;
    if (version !== undefined && built?.count === count && built.version === version && built.estimate === this.estimate) return;
    const keys = new Array<string>(count);
    const sizes = new Array<number>(count);
    const [oldKeys, oldSizes] = [this.rowKeys, this.rowSizes];
    for (let index = 0; index < count; index++) {
      const key = keyAt(index);
      keys[index] = key;
      // Most keys are where they were (a page of older messages replaced a few placeholders).
      sizes[index] = key === oldKeys[index] ? oldSizes[index]! : (this.heights.get(key) ?? this.estimate);
    }
    this.rowKeys = keys;
    this.rowSizes = sizes;
    this.built = { count, version, estimate: this.estimate };
  }

  /** A row was measured (it is most likely among `near`, the rows rendered); true when its height changed. */
  measured(key: string, size: number, near: Range): boolean {
    if (this.heights.get(key) === size) return false;
    this.heights.set(key, size);
    let index = -1;
    for (let i = near.start; i < near.end; i++) if (this.rowKeys[i] === key) index = i;
    if (index === -1) index = this.rowKeys.indexOf(key);
    if (index !== -1) this.rowSizes[index] = size;
    return true;
  }

  /** Height of rows `from`..`to` (exclusive). */
  sum(from: number, to: number): number {
    let total = 0;
    for (let i = from; i < to; i++) total += this.rowSizes[i] ?? 0;
    return total;
  }
}
