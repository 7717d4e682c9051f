import { fileEndsEarly, GgufProblem, type GgufSection } from "./gguf-problem.ts";

/** Random access to the bytes of a file or a remote object whose size is known. */
export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes at `offset`; fewer only at the end. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

export interface ReadBudget {
  /** The header may be at most this long: no valid header is, and nothing past it is read. */
  maxBytes: number;
  /** Epoch milliseconds after which reading stops. */
  deadline: number;
  now: () => number;
}

const chunkBytes = 1 << 20;

/**
 * A little-endian cursor over a ByteSource that never reads past the file's end or the byte budget, and checks the
 * time budget at every chunk. `section` names where the cursor is, for the "file ends early" message.
 */
export class ByteReader {
  private chunk: Uint8Array = new Uint8Array(0);
  private chunkStart = 0;
  position = 0;
  section: GgufSection = "header";

  constructor(
    private readonly source: ByteSource,
    private readonly budget: ReadBudget,
  ) {}

  get fileSize(): number {
    return this.source.size;
  }

  get budgetBytes(): number {
    return this.budget.maxBytes;
  }

  private async bytes(length: number): Promise<Uint8Array> {
    const end = this.position + length;
    if (end > this.source.size)
      throw fileEndsEarly(this.section, this.source.size, end);
    if (end > this.budget.maxBytes)
      throw new GgufProblem("header-too-large", `The GGUF header is longer than ${this.budget.maxBytes} bytes, more than any real model's.`, {
        limitBytes: this.budget.maxBytes,
      });
    if (this.position < this.chunkStart || end > this.chunkStart + this.chunk.length) {
      if (this.budget.now() > this.budget.deadline)
        throw new GgufProblem("inspection-timeout", "Reading the GGUF header took too long.", {});
      this.chunkStart = this.position;
      this.chunk = await this.source.read(this.position, Math.max(length, chunkBytes));
      if (this.chunk.length < length) throw fileEndsEarly(this.section, this.source.size, end);
    }
    const from = this.position - this.chunkStart;
    this.position = end;
    return this.chunk.subarray(from, from + length);
  }

  private async view(length: number): Promise<DataView> {
    const bytes = await this.bytes(length);
    return new DataView(bytes.buffer, bytes.byteOffset, length);
  }

  async u8(): Promise<number> {
    return (await this.view(1)).getUint8(0);
  }
  async i8(): Promise<number> {
    return (await this.view(1)).getInt8(0);
  }
  async u16(): Promise<number> {
    return (await this.view(2)).getUint16(0, true);
  }
  async i16(): Promise<number> {
    return (await this.view(2)).getInt16(0, true);
  }
  async u32(): Promise<number> {
    return (await this.view(4)).getUint32(0, true);
  }
  async i32(): Promise<number> {
    return (await this.view(4)).getInt32(0, true);
  }
  async f32(): Promise<number> {
    return (await this.view(4)).getFloat32(0, true);
  }
  async f64(): Promise<number> {
    return (await this.view(8)).getFloat64(0, true);
  }
  async u64(): Promise<bigint> {
    return (await this.view(8)).getBigUint64(0, true);
  }
  async i64(): Promise<bigint> {
    return (await this.view(8)).getBigInt64(0, true);
  }

  /** The next `length` bytes as they are in the file: a view, valid until the next read (copy what is kept). */
  raw(length: number): Promise<Uint8Array> {
    return this.bytes(length);
  }

  /**
   * `raw` without waiting, when the bytes are in the chunk already read and inside the file and the budget; otherwise
   * undefined and the cursor stays (then `raw` reads them, or throws why not). Loops over many small values (a
   * vocabulary's strings) wait only once per chunk this way.
   */
  buffered(length: number): Uint8Array | undefined {
    const end = this.position + length;
    if (end > this.source.size || end > this.budget.maxBytes || this.position < this.chunkStart || end > this.chunkStart + this.chunk.length) return undefined;
    const from = this.position - this.chunkStart;
    this.position = end;
    return this.chunk.subarray(from, from + length);
  }

  async text(length: number): Promise<string> {
    return new TextDecoder("utf-8").decode(await this.bytes(length));
  }

  /** Moves past `length` bytes without keeping them (still bounded by the file and the budget). */
  async skip(length: number): Promise<void> {
    const end = this.position + length;
    if (end > this.source.size || end > this.budget.maxBytes) await this.bytes(length);
    this.position = end;
  }
}
