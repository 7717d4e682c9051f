// @vitest-environment node
import { describe, expect, it } from "vitest";
import { engineMemoryAccount } from "../../bench/memory.ts";
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
