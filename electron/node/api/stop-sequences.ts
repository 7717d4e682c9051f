/**
 * Stop sequences (Ollama's `options.stop`, OpenAI's `stop`): the answer ends before the first one, which is never
 * sent. Text that might be the start of one is held back until the next delta settles it.
 */
export class StopScanner {
  private pending = "";
  private matched = false;

  constructor(private readonly stops: readonly string[]) {}

  get stopped(): boolean {
    return this.matched;
  }

  /** The text that can be sent now. After a match, nothing more. */
  push(text: string): string {
    if (this.matched) return "";
    if (this.stops.length === 0) return text;
    this.pending += text;
    let cut = -1;
    for (const stop of this.stops) {
      const at = this.pending.indexOf(stop);
      if (at !== -1 && (cut === -1 || at < cut)) cut = at;
    }
    if (cut !== -1) {
      this.matched = true;
      const out = this.pending.slice(0, cut);
      this.pending = "";
      return out;
    }
    const keep = this.heldBack();
    const out = this.pending.slice(0, this.pending.length - keep);
    this.pending = this.pending.slice(this.pending.length - keep);
    return out;
  }

  /** What was held back, once the answer has ended without a match. */
  flush(): string {
    const out = this.matched ? "" : this.pending;
    this.pending = "";
    return out;
  }

  /** The longest end of the pending text that begins some stop sequence. */
  private heldBack(): number {
    let longest = 0;
    for (const stop of this.stops) {
      for (let length = Math.min(stop.length - 1, this.pending.length); length > longest; length--) {
        if (this.pending.endsWith(stop.slice(0, length))) {
          longest = length;
          break;
        }
      }
    }
    return longest;
  }
}
