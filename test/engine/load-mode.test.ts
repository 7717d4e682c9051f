import { describe, expect, it } from "vitest";
import { chooseLoadMode, readLoadNeeds } from "../../electron/node/services/inference/load-mode.ts";

/** The published gemma2:2b Q4_0 file (issue #18). */
const gemma2b = 1_629_509_152;
/** What Linux reports as total memory on each Raspberry Pi 5 (RAM minus firmware and kernel reservations). */
const pi = { "2 GB": 2_000_000_000 * 0.95, "4 GB": 4_000_000_000 * 0.95, "8 GB": 8_000_000_000 * 0.95, "16 GB": 16_000_000_000 * 0.95 };

describe("read or mmap, per device", () => {
  it.each([
    ["2 GB", "mmap"],
    ["4 GB", "read"],
    ["8 GB", "read"],
    ["16 GB", "read"],
  ] as const)("a %s Pi reading Gemma 2 2B from its SD card: %s", (ram, mode) => {
    const choice = chooseLoadMode({ totalMemoryBytes: pi[ram], modelBytes: gemma2b, storage: "sd-card" });
    expect(choice.mode).toBe(mode);
  });

  it("says why, with the figures", () => {
    expect(chooseLoadMode({ totalMemoryBytes: pi["2 GB"], modelBytes: gemma2b, storage: "sd-card" }).reason).toBe(
      "mmap: a read copy needs 3.2 GB, more than 1.9 GB of RAM; mapped, the kernel can drop unused pages of the file (on sd-card storage, pages it drops are read again slowly)",
    );
    expect(chooseLoadMode({ totalMemoryBytes: pi["8 GB"], modelBytes: gemma2b, storage: "nvme" }).reason).toBe(
      "read: 7.6 GB of RAM holds the model's own copy (needs 3.7 GB)",
    );
  });

  it("turns to mmap where the read copy and the OS's headroom stop fitting, whatever the storage", () => {
    // With 4 GB the headroom is 400 MB: the model, its context and the app fit with it, and not without 300 MB of it.
    const needs = readLoadNeeds(4_000_000_000, gemma2b);
    expect(needs).toBeLessThan(4_000_000_000);
    for (const storage of ["sd-card", "nvme", "unknown"] as const) {
      expect(chooseLoadMode({ totalMemoryBytes: 4_000_000_000, modelBytes: gemma2b, storage }).mode).toBe("read");
      expect(chooseLoadMode({ totalMemoryBytes: needs - 300_000_000, modelBytes: gemma2b, storage }).mode).toBe("mmap");
    }
  });
});
