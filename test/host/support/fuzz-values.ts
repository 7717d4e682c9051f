/** Seeded random values for the WebSocket fuzzer: the same seed gives the same messages, so a failure replays. */

export class Fuzz {
  constructor(readonly random: () => number) {}

  int(max: number): number {
    return Math.floor(this.random() * max);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  /** Strings a careless parser trips on: lone surrogates, NULs, prototype names, very long runs, odd Unicode. */
  string(): string {
    return this.pick([
      () => "\uD800",
      () => "\uDFFF tail",
      () => `a\uD83Dz`,
      () => "\u0000\u0001\u001f",
      () => "__proto__",
      () => "constructor",
      () => "prototype",
      () => "x".repeat(this.int(200_000)),
      () => "🦙".repeat(this.int(1000)),
      () => "../../../../etc/passwd",
      () => "\u202e\u200b\ufeff",
      () => String(this.random()),
      () => "",
    ])();
  }

  number(): number {
    return this.pick([0, -1, 1.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), Number.MAX_VALUE, 1e308 * 10, Number.MIN_VALUE, this.int(1000)]);
  }

  /** Any JSON value, `depth` levels deep at most; objects may carry prototype keys. */
  json(depth = 4): unknown {
    const kind = depth <= 0 ? this.int(4) : this.int(7);
    switch (kind) {
      case 0:
        return this.string();
      case 1:
        return this.number();
      case 2:
        return this.pick([true, false, null]);
      case 3:
        return this.pick([[], {}, "", 0]);
      case 4:
        return Array.from({ length: this.int(6) }, () => this.json(depth - 1));
      case 5:
        return this.object(depth - 1);
      default:
        return this.nested(this.int(1000) + 1);
    }
  }

  object(depth: number, keys: readonly string[] = []): Record<string, unknown> {
    const pool = [...keys, "__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "kind", "id", "method", "params"];
    // JSON.parse turns "__proto__" into an own property, as a client's message would arrive.
    const entries = Array.from({ length: this.int(6) }, () => [this.pick(pool), this.json(depth)] as const);
    return JSON.parse(JSON.stringify(Object.fromEntries(entries)).replace(/^\{/, `{"__proto__":{"polluted":true},`).replace(/,\}$/, "}"));
  }

  /** `[[[[…]]]]` `levels` deep, written as text (JSON.stringify would recurse as deep). */
  nested(levels: number): unknown {
    return JSON.parse(`${"[".repeat(levels)}${"]".repeat(levels)}`);
  }
}

/** Parameter names the app contract uses, so some fuzzed params get past the first check. */
export const paramNames = [
  "conversationId",
  "text",
  "title",
  "systemPrompt",
  "messageId",
  "index",
  "query",
  "format",
  "patch",
  "section",
  "id",
  "contextSize",
  "token",
];
