import { describe, expect, it } from "vitest";
import type { DownloadJob } from "../../electron/common/contract/app/library.ts";
import { initI18n } from "../../renderer/src/i18n/index.ts";
import { classifyProblem, canRetry } from "../../renderer/src/state/library-errors.ts";
import { formatBytePair, formatBytes, formatDuration } from "../../renderer/src/state/library-format.ts";
import { deviceWarning, initialLibraryState, replaceJobs, upsertJob } from "../../renderer/src/state/library-state.ts";
import { piDevice } from "./library-fixtures.ts";

const job = (id: string, change: Partial<DownloadJob> = {}): DownloadJob => ({
  id, variantId: id, source: { kind: "huggingface", repo: "a/b", path: `${id}.gguf` }, file: `${id}.gguf`, state: "downloading", receivedBytes: 0, totalBytes: 100,
  bytesPerSecond: null, etaSeconds: null, error: null, retry: null, ...change,
});

describe("library formatting", () => {
  it("prints bytes in decimal units, pairs in one unit", () => {
    expect(formatBytes(1_630_000_000)).toBe("1.6 GB");
    expect(formatBytes(420_000_000)).toBe("420 MB");
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytePair(900_000_000, 1_700_000_000)).toEqual(["0.9 GB", "1.7 GB"]);
  });

  it("prints time left in the UI's language", () => {
    const t = initI18n("en").getFixedT("en", "library");
    expect(formatDuration(44.6, t)).toBe("45 s");
    expect(formatDuration(352, t)).toBe("6 min");
    expect(formatDuration(3900, t)).toBe("1 h 5 min");
    expect(formatDuration(3900, initI18n("zh-CN").getFixedT("zh-CN", "library"))).toBe("1 小时 5 分钟");
    initI18n("en");
  });
});

describe("library errors", () => {
  it("recognises main's offline, disk, corrupt and gated errors from their details", () => {
    expect(classifyProblem({ code: "UNAVAILABLE", message: "Offline — …", details: { offline: true } })).toEqual({ kind: "offline" });
    expect(classifyProblem({ code: "UNAVAILABLE", message: "…", details: { reason: "disk-space", needBytes: 2, freeBytes: 1 } })).toEqual({
      kind: "disk", needBytes: 2, freeBytes: 1,
    });
    expect(classifyProblem({ code: "MODEL_INVALID", message: "…", details: { reason: "sha256-mismatch", expectedSha256: "a".repeat(64), actualSha256: "b".repeat(64), retryable: true } }).kind).toBe("corrupt");
    expect(classifyProblem({ code: "UNAVAILABLE", message: "…", details: { needsToken: true, httpStatus: 401 } }).kind).toBe("gated");
    const other = classifyProblem({ code: "UNAVAILABLE", message: "huggingface.co had a server error (503)." });
    expect(other).toEqual({ kind: "other", message: "huggingface.co had a server error (503)." });
    expect(canRetry(other)).toBe(true);
    expect(canRetry(classifyProblem({ code: "NOT_FOUND", message: "x.gguf was not found" }))).toBe(false);
  });
});

describe("library state", () => {
  it("adds, replaces and (when cancelled) drops jobs; a failure while offline marks the library offline", () => {
    let state = upsertJob(initialLibraryState, job("a"));
    state = upsertJob(state, job("b", { state: "queued" }));
    state = upsertJob(state, job("a", { receivedBytes: 50 }));
    expect(state.jobs.map((j) => [j.id, j.receivedBytes])).toEqual([["a", 50], ["b", 0]]);
    state = upsertJob(state, job("b", { state: "cancelled" }));
    expect(state.jobs.map((j) => j.id)).toEqual(["a"]);
    state = upsertJob(state, job("a", { state: "failed", error: { code: "UNAVAILABLE", message: "Offline", details: { offline: true } } }));
    expect(state.offline).toBe(true);
  });

  it("keeps the known order when main lists its jobs", () => {
    const state = replaceJobs(upsertJob(upsertJob(initialLibraryState, job("b")), job("a")), [job("a"), job("c"), job("b")]);
    expect(state.jobs.map((j) => j.id)).toEqual(["b", "a", "c"]);
  });

  it("warns at 80 °C and on any throttling flag now (not on past ones)", () => {
    expect(deviceWarning(piDevice())).toEqual({ hot: false, throttled: false });
    expect(deviceWarning(piDevice({ temperatureCelsius: 80 }))).toEqual({ hot: true, throttled: false });
    const flags = { underVoltage: false, armFrequencyCapped: false, throttled: false, softTemperatureLimit: false };
    expect(deviceWarning(piDevice({ throttling: { raw: "0x50000", now: flags, sinceBoot: { ...flags, throttled: true } } })).throttled).toBe(false);
    expect(deviceWarning(piDevice({ throttling: { raw: "0x2", now: { ...flags, armFrequencyCapped: true }, sinceBoot: flags } })).throttled).toBe(true);
    expect(deviceWarning(null)).toEqual({ hot: false, throttled: false });
  });
});
