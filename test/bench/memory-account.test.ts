// @vitest-environment node
import { describe, expect, it } from "vitest";
import { appMemoryAccount, engineMemoryAccount, parseProcStatParent } from "../../bench/memory.ts";
import { memoryTableRows } from "../../bench/memory-table.ts";
import { parseBufferLine } from "../../bench/raw.ts";

describe("the engine's memory, accounted", () => {
  it("splits the peak into llama.cpp's buffers and the runtime around them", () => {
    const lines = [
      "load_tensors:          CPU model buffer size =   500.00 MiB",
      "load_tensors:   CPU_REPACK model buffer size =  1100.00 MiB",
      "llama_context:        CPU  output buffer size =     0.98 MiB",
      "llama_kv_cache:        CPU KV buffer size =   208.00 MiB",
      "sched_reserve:        CPU compute buffer size =   125.02 MiB",
    ];
    const buffers: Record<string, number> = {};
    for (const line of lines) {
      const [name, size] = parseBufferLine(line) ?? ["", 0];
      buffers[name] = (buffers[name] ?? 0) + size;
    }
    const account = engineMemoryAccount(buffers, 2400, 1554);
    expect(account).toEqual({
      weightsMb: 1600,
      repackedWeightsMb: 1100,
      weightsBeyondFileMb: 46,
      kvCacheMb: 208,
      computeMb: 125.02,
      outputMb: 0.98,
      runtimeMb: 2400 - 1600 - 208 - 125.02 - 0.98,
    });
  });
});

describe("the whole app's memory", () => {
  it("adds the engine, the main side and a renderer process against model + KV cache", () => {
    expect(appMemoryAccount({ engineMb: 2100, mainMb: 115, rendererMb: 180, modelFileMb: 1554, kvCacheMb: 208 })).toEqual({
      engineMb: 2100,
      mainMb: 115,
      rendererMb: 180,
      modelFileMb: 1554,
      kvCacheMb: 208,
      totalMb: 2395,
      beyondModelAndKvMb: 2395 - 1554 - 208,
    });
  });

  it("finds a process's parent in /proc/<pid>/stat, whatever its command name holds", () => {
    expect(parseProcStatParent("4242 (chromium (renderer)) S 4200 4242 4200 0 -1 4194560")).toBe(4200);
  });

  it("prints the account's parts and both targets in the README table", () => {
    const rows = memoryTableRows({
      engineAccount: { weightsMb: 1548.3, repackedWeightsMb: 1085.9, kvCacheMb: 208, computeMb: 128.2, outputMb: 1, runtimeMb: 150.4, weightsBeyondFileMb: -5.7 },
      engineBeyondModelAndKvMb: 280,
      wholeApp: { engineMb: 2042, mainMb: 115, rendererMb: 180, totalMb: 2337, beyondModelAndKvMb: 575 },
    });
    expect(rows[0]).toContain("462 · 1086 · 208 · 128 · 1 · 150");
    expect(rows[0]).toContain("≤ 500 ✅");
    expect(rows[1]).toContain("2042 + 115 + 180 = 2337");
    expect(rows[1]).toContain("≤ 900 ✅");
    expect(memoryTableRows({ wholeApp: { skipped: "no renderer" } })).toEqual(["| Whole app peak (MiB) | | not measured: no renderer | | |"]);
  });
});
