/**
 * The engine process's environment: the parent's, plus a fixed glibc mmap threshold (issue #18 item 4).
 *
 * glibc's malloc serves a request above its mmap threshold with its own mapping, returned to the system on free.
 * The threshold starts at 128 KiB and is dynamic: freeing a mapped block of up to 32 MiB raises it to that block's
 * size (mallopt(3), M_MMAP_THRESHOLD; glibc manual, "Memory Allocation Tunables"). Loading a model without mmap,
 * llama.cpp reads each tensor it repacks through a staging buffer of that tensor's size (llama.cpp
 * src/llama-model-loader.cpp, load_all_data: `std::vector<no_init<uint8_t>> read_buf(n_size)`, 11.9 MB for Gemma 2
 * 2B's feed-forward matrices), so after the load every block up to that size comes from the heap, where freed space
 * stays resident unless it is at the heap's top. Setting the threshold turns the dynamic adjustment off: such blocks
 * are mapped and unmapped again. Measured with bench/memory-variants.ts on the bench model (raw node-llama-cpp as the
 * engine uses it, one child per variant, same prompts interleaved, 1 thread, load 12 on 2 cores, 2026-12-07): peak RSS
 * 2,115 → 2,036, 2,120 → 2,032 and 2,124 → 2,036 MiB in three runs (−79 to −88 MiB); CPU time per ~523-token answer
 * ×0.986 (0.93–1.02, 3 pairs). A 4 MiB threshold saved 74 MiB. `npm run bench -- --only memory`: the engine's runtime
 * beyond llama.cpp's buffers was 183 MiB without it and 149 with it. The wall-time speed ratios of these runs were
 * within the machine's noise (0.5–1.5); the bench's ours/raw ratios include this change, as the raw side lacks it.
 *
 * Only glibc reads GLIBC_TUNABLES, once, when the process starts; other C libraries ignore it, and it does nothing
 * where malloc is not glibc's.
 *
 * Not set: glibc.malloc.hugetlb=1 (transparent huge pages under malloc's mappings). On the bench VM it cut raw
 * node-llama-cpp's CPU time per answer ×0.91 (7 pairs) and llama-bench's per token ×0.97 (6 pairs), but Raspberry
 * Pi OS's Pi 5 kernel has no transparent huge pages (raspberrypi/linux bcm2712_defconfig: no
 * CONFIG_TRANSPARENT_HUGEPAGE), so on the Pi it does nothing, and set here alone it would flatter the bench's ratios.
 * bench/README.md, "Huge pages".
 */
export const engineMallocTunables = "glibc.malloc.mmap_threshold=131072";

/** The huge-page tunable above, for the bench's same-run comparisons (bench/memory-variants.ts, llama-bench-variants.ts). */
export const hugePagesTunable = "glibc.malloc.hugetlb=1";

export function engineProcessEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  // A threshold the user set for the app stays as it is.
  if (base["GLIBC_TUNABLES"]?.includes("glibc.malloc.mmap_threshold")) return { ...base };
  return { ...base, GLIBC_TUNABLES: joinGlibcTunables(base["GLIBC_TUNABLES"], engineMallocTunables) };
}

/** GLIBC_TUNABLES with `tunable` after the ones it has (glibc reads a colon-separated list). */
export function joinGlibcTunables(existing: string | undefined, tunable: string): string {
  return existing ? `${existing}:${tunable}` : tunable;
}
