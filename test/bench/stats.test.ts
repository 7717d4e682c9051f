// @vitest-environment node
import { describe, expect, it } from "vitest";
import { answerResult } from "../../bench/measure.ts";
import { parseProcStatCpuMs, parseProcStatus } from "../../bench/memory.ts";
import { parseBufferLine } from "../../bench/raw.ts";
import { promptOfTokens, promptWords } from "../../bench/prompts.ts";
import { checkTargets, emptySummary, markdownTable, startedReport, summaryFields, targets, type Report, type Summary } from "../../bench/report.ts";
import { streamedAnswer, tokenPieces } from "../../bench/scripted-chat.ts";
import {
  frameDeltas,
  wholeFrames,
  median,
  pairedDifferences,
  pairedRatios,
  pairOrder,
  PeakTracker,
  percentile,
  rate,
  round,
  rounded,
  spread,
} from "../../bench/stats.ts";

describe("bench statistics", () => {
  it("takes the median of odd and even counts, ignoring non-finite values", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, Number.NaN, 1, Number.POSITIVE_INFINITY, 3])).toBe(3);
    expect(median([])).toBeNaN();
  });

  it("interpolates percentiles between closest ranks", () => {
    const values = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(percentile(values, 0)).toBe(1);
    expect(percentile(values, 100)).toBe(10);
    expect(percentile(values, 50)).toBe(5.5);
    expect(percentile(values, 95)).toBeCloseTo(9.55, 10);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 95)).toBeNaN();
    expect(() => percentile(values, 101)).toThrow(RangeError);
  });

  it("reports a spread as median with min–max and the count", () => {
    expect(spread([0.97, 1.02, 0.99, Number.NaN])).toEqual({ median: 0.99, min: 0.97, max: 1.02, n: 3 });
    expect(spread([])).toEqual({ median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 });
  });

  it("pairs ratios and differences element by element, refusing uneven series", () => {
    expect(pairedRatios([10, 20], [9.5, 21])).toEqual([0.95, 1.05]);
    expect(pairedDifferences([100, 200], [112, 190])).toEqual([12, -10]);
    expect(() => pairedRatios([1, 2], [1])).toThrow(RangeError);
    expect(() => pairedDifferences([1], [1, 2])).toThrow(RangeError);
  });

  it("alternates the order within pairs (A B, B A, …)", () => {
    expect([0, 1, 2, 3].map((index) => pairOrder(index).join(""))).toEqual(["ab", "ba", "ab", "ba"]);
  });

  it("turns animation-frame timestamps into frame times and counts rates", () => {
    expect(frameDeltas([0, 16, 32, 82])).toEqual([16, 16, 50]);
    expect(frameDeltas([5])).toEqual([]);
  });

  it("counts frame deltas in whole display frames, so timer jitter does not make an on-time frame late", () => {
    const snapped = wholeFrames([16.6, 16.8, 33.2, 33.5, 49.9, 4]);
    expect(snapped.map((ms) => Math.round(ms * 10) / 10)).toEqual([16.7, 16.7, 33.3, 33.3, 50, 16.7]);
    expect(rate(128, 16_000)).toBe(8);
    expect(rate(1, 0)).toBeNaN();
  });

  it("keeps peaks and rounds for JSON (no NaN)", () => {
    const peak = new PeakTracker();
    for (const value of [3, 9, 4]) peak.add(value);
    expect([peak.peak, peak.count]).toEqual([9, 3]);
    expect(round(1.23456, 2)).toBe(1.23);
    expect(round(Number.NaN)).toBeNull();
    expect(rounded({ median: 1.23456, min: Number.NaN, max: 2, n: 2 }, 1)).toEqual({ median: 1.2, min: null, max: 2, n: 2 });
  });
});

describe("bench measurements", () => {
  it("computes an answer's figures the same way for both sides", () => {
    const result = answerResult({
      startedAt: 1000,
      firstTokenAt: 3000,
      lastTokenAt: 19_000,
      endedAt: 19_010,
      promptTokens: 512,
      generatedTokens: 129,
      pieces: 129,
      stopReason: "maxTokens",
    });
    expect(result.ttftMs).toBe(2000);
    expect(result.promptTokensPerSecond).toBe(256);
    // 128 tokens after the first one, over 16 s.
    expect(result.tokensPerSecond).toBe(8);
    expect(result.totalMs).toBe(18_010);
  });

  it("reads VmHWM, VmRSS and the anonymous/file split from /proc/<pid>/status", () => {
    const memory = parseProcStatus("Name:\tnode\nVmHWM:\t  2097152 kB\nVmRSS:\t  1048576 kB\nRssAnon:\t  524288 kB\nRssFile:\t  524288 kB\n");
    expect(memory).toEqual({ peakRssMb: 2048, rssMb: 1024, anonMb: 512, fileMb: 512 });
    expect(parseProcStatus("Name:\tnode\n").peakRssMb).toBeNaN();
  });

  it("reads CPU time from /proc/<pid>/stat, even with spaces in the command name", () => {
    const stat = "4242 (node (engine) x) S 1 2 3 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 3 0 100 0 0";
    expect(parseProcStatCpuMs(stat)).toBe(3000);
  });

  it("reads llama.cpp's buffer sizes from its load log", () => {
    expect(parseBufferLine("load_tensors:   CPU_REPACK model buffer size =  1402.31 MiB")).toEqual(["CPU_REPACK model", 1402.31]);
    expect(parseBufferLine("llama_kv_cache:        CPU KV buffer size =   104.00 MiB")).toEqual(["CPU KV", 104]);
    expect(parseBufferLine("sched_reserve:        CPU compute buffer size =   510.00 MiB")).toEqual(["CPU compute", 510]);
    expect(parseBufferLine("llama_context:        CPU  output buffer size =     0.98 MiB")).toEqual(["CPU output", 0.98]);
    expect(parseBufferLine("print_info: n_ctx = 2048")).toBeUndefined();
  });

  it("builds distinct prompts of at most the asked token count", () => {
    const countWords = (text: string) => text.split(" ").length;
    const prompt = promptOfTokens(7, 100, countWords);
    expect(countWords(prompt)).toBeLessThanOrEqual(100);
    expect(countWords(prompt)).toBeGreaterThanOrEqual(99);
    const firstWord = (seed: number) => promptWords(seed, 20).split(" ")[0];
    expect(new Set([1, 2, 3, 4, 5].map(firstWord)).size).toBe(5);
    expect(promptWords(1, 20)).toBe(promptWords(1, 20));
  });

  it("streams exactly the asked number of Markdown pieces, code blocks included", () => {
    const pieces = streamedAnswer(1000);
    expect(pieces).toHaveLength(1000);
    expect(pieces.join("")).toContain("```");
    const text = "Hello, world!\n\n```ts\nconst x = 1;\n```";
    expect(tokenPieces(text).join("")).toBe(text);
  });
});

describe("the bench report", () => {
  const summary: Summary = {
    generationRatio: 0.99,
    promptRatio: 0.95,
    ttftOverheadMs: 12,
    turn10OverTurn1: 1.1,
    engineRssMb: 3300,
    mainRssMb: 90,
    engineBeyondModelAndKvMb: 520,
    appBeyondModelAndKvMb: null,
    coldStartMs: 15_000,
    coldStartReadMs: 15_000,
    coldStartMmapMs: 16_000,
    warmStartMs: 3_000,
    coldLoadReadMBps: 110,
    coldLoadMmapMBps: 105,
    rendererP95FrameMs: null,
    rendererLongestTaskMs: 80,
    engineCeilingPromptRatio: 0.97,
    engineCeilingGenerationRatio: 0.93,
    bandwidthFraction: { llamaBench: 0.6, raw: 0.55, ours: 0.54 },
    rendererOpenLongChatLongestTaskMs: 90,
    rendererScrollP95FrameMs: 40,
    rendererStreamLongChatP95FrameMs: null,
    apiGenerationRatio: 0.99,
    apiTtftOverheadMs: 8,
  };

  it("lists every figure of the summary as a summary field, and only those", () => {
    expect(Object.keys(summary).sort()).toEqual([...summaryFields].sort());
    expect(Object.keys(emptySummary()).sort()).toEqual([...summaryFields].sort());
  });

  it("checks every target, leaving unmeasured ones undecided", () => {
    const checks = checkTargets(summary);
    expect(checks).toHaveLength(targets.length);
    const met = Object.fromEntries(checks.map((check) => [check.field, check.met]));
    expect(met).toEqual({
      generationRatio: true,
      promptRatio: false,
      ttftOverheadMs: true,
      turn10OverTurn1: true,
      rendererP95FrameMs: null,
      rendererLongestTaskMs: false,
      engineCeilingGenerationRatio: false,
      rendererOpenLongChatLongestTaskMs: true,
      rendererScrollP95FrameMs: false,
      rendererStreamLongChatP95FrameMs: null,
      apiGenerationRatio: true,
      apiTtftOverheadMs: true,
      engineBeyondModelAndKvMb: false,
      appBeyondModelAndKvMb: null,
    });
  });

  it("prints a Markdown table with the machine and the Pi reference marked as not ours", () => {
    const report: Report = {
      ...startedReport({
        mode: "quick",
        startedAt: "2025-01-02T03:04:05.000Z",
        machine: {
          cpuModel: "Test CPU",
          cores: 2,
          availableParallelism: 2,
          totalMemoryGb: 24,
          os: "Linux",
          node: "v20",
          nodeLlamaCpp: "3.22.1",
          loadBefore: [1, 2, 3],
          loadAfter: [2, 2, 2],
        },
        settings: {},
        summary,
        notes: [],
      }),
      finishedAt: "2025-01-02T03:09:05.000Z",
      durationMs: 300_000,
      model: { description: "random weights" },
      renderer: { skipped: "no renderer" },
      targets: checkTargets(summary),
    };
    const table = markdownTable(report);
    expect(table).toContain("2025-01-02");
    expect(table).toContain("Test CPU, 2 cores");
    expect(table).toMatch(/not measured by us.*5\.7 tokens\/s.*19\.8 s/);
    expect(table).toContain("not measured: no renderer");
  });
});
