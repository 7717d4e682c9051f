import type { ReactElement } from "react";
import { markdownBlocks } from "./markdown-blocks.ts";

/**
 * What the Markdown of a long chat costs, kept off the frames that scroll it:
 *
 * - Parsed blocks are remembered by their text, so a message scrolled out of view and back (the list unmounts rows
 *   outside its window) shows at once, at its full height, without parsing again.
 * - Parsing is budgeted: a render parses blocks until `budgetMs` are spent; the rest show what they showed before
 *   (nothing, for a new one) and ask for another render (see Markdown.tsx). A jump that mounts twenty answers at once,
 *   or a deferred render React ran synchronously because scrolling kept interrupting it, then costs a few short
 *   tasks instead of one that blocks the page for a second.
 */

/** Least recently used first: a Map iterates in insertion order, and a hit is moved to the end. */
class Recent<T> {
  private readonly entries = new Map<string, T>();
  private chars = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxChars: number,
  ) {}

  get(key: string): T | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  set(key: string, value: T): void {
    if (this.entries.has(key)) return;
    this.entries.set(key, value);
    this.chars += key.length;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries && this.chars <= this.maxChars) break;
      this.entries.delete(oldest);
      this.chars -= oldest.length;
    }
  }
}

/** A few screens of answers (a screenful holds a few dozen blocks); the source text bounds the memory. */
const parsed = new Recent<ReactElement>(1500, 3_000_000);
/** A whole answer's blocks (splitting a 100 KB answer is itself a few milliseconds on a slow CPU). */
const split = new Recent<readonly string[]>(300, 6_000_000);

export function blocksOf(text: string): readonly string[] {
  let blocks = split.get(text);
  if (blocks === undefined) {
    blocks = text === "" ? [] : markdownBlocks(text);
    split.set(text, blocks);
  }
  return blocks;
}

/**
 * True when every block of `text` was parsed before (it can be shown in full at once). Does not split a text never
 * split before: it cannot have been parsed, and its first render must stay cheap.
 */
export function allParsed(text: string): boolean {
  const blocks = split.get(text);
  return blocks !== undefined && blocks.every((block) => parsed.has(block));
}

/** Remembers a block parsed while it was still growing, now that it is finished. */
export function remember(text: string, element: ReactElement): void {
  parsed.set(text, element);
}

export function parsedBlock(text: string): ReactElement | undefined {
  return parsed.get(text);
}

/**
 * Parsing time allowed per render (4× throttled, as the bench runs it, that is a few milliseconds of a desktop CPU).
 * At least one block is parsed per render whatever it costs, so each render makes progress.
 */
const budgetMs = 12;
/**
 * The budget starts again when a render is committed (a render thrown away is followed by one that commits); this
 * only covers a render that never is. Not shorter: a render on a busy, throttled machine can take longer than that
 * and must not get a new budget halfway.
 */
const staleMs = 1000;
let spentMs = 0;
let since = 0;

/** Parses `text` with `parse` and remembers it (unless `remember` is false), if this render's budget allows. */
export function parseWithinBudget(text: string, parse: (text: string) => ReactElement, remember: boolean): ReactElement | undefined {
  const now = performance.now();
  if (now - since > staleMs) {
    spentMs = 0;
    since = now;
  }
  if (spentMs >= budgetMs) return undefined;
  const element = parse(text);
  spentMs += performance.now() - now;
  if (remember) parsed.set(text, element);
  return element;
}

/** A render was committed: the next one gets a budget of its own. */
export function renderCommitted(): void {
  spentMs = 0;
  since = performance.now();
}
