import type { LoadMeter } from "../common/contract/index.ts";
import { storageReadBytes } from "./storage-reads.ts";

const pollMs = 500;

/**
 * Follows one model load and reports the bytes in so far: llama.cpp's fraction of the tensor data (onLoadProgress in
 * node-llama-cpp 3.22.1, `(float) size_done / size_data` in llama.cpp's llama-model-loader.cpp load_all_data) taken
 * as that share of the file, or, when more, the bytes this process has read from storage since the load began. The second matters for
 * mmap: llama.cpp maps the file with MAP_POPULATE (llama-mmap.cpp, called from init_mappings(prefetch = true) in
 * llama-model.cpp) before load_all_data reports anything, so on a cold cache the whole file is read at fraction 0.
 */
export class LoadProgress {
  private reportedBytes = 0;
  private readonly readsAtStart: number | undefined;
  private readonly poll: ReturnType<typeof setInterval> | undefined;
  private fraction = 0;
  private reportedPercent = -1;
  private reportedReads = 0;

  constructor(
    private readonly totalBytes: number,
    private readonly report: (progress: number, meter: LoadMeter) => void,
  ) {
    this.readsAtStart = storageReadBytes();
    if (this.readsAtStart !== undefined) this.poll = setInterval(() => this.pollReads(), pollMs);
  }

  /** llama.cpp's fraction: reported whenever the whole percent changes. */
  onFraction(progress: number): void {
    this.fraction = Math.min(Math.max(progress, 0), 1);
    const percent = Math.floor(this.fraction * 100);
    if (percent === this.reportedPercent) return;
    this.reportedPercent = percent;
    this.send();
  }

  stop(): void {
    clearInterval(this.poll);
  }

  private readBytes(): number {
    const now = storageReadBytes();
    return this.readsAtStart === undefined || now === undefined ? 0 : Math.min(this.totalBytes, now - this.readsAtStart);
  }

  private pollReads(): void {
    const reads = this.readBytes();
    // Only storage reads beyond what the fraction already says are news (a read load moves both together).
    if (reads <= this.reportedReads || reads <= this.fraction * this.totalBytes) return;
    this.reportedReads = reads;
    this.send();
  }

  /** Bytes never go back: the supervisor turns them into a rate (load-meter.ts there). */
  private send(): void {
    const loadedBytes = Math.round(Math.max(this.reportedBytes, this.fraction * this.totalBytes, this.readBytes()));
    this.reportedBytes = loadedBytes;
    this.report(Math.max(this.fraction, loadedBytes / Math.max(this.totalBytes, 1)), { loadedBytes, totalBytes: this.totalBytes });
  }
}
