// @vitest-environment node
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { InstalledModel } from "../../electron/common/contract/app/library.ts";
import { createCatalogService } from "../../electron/node/services/library/catalog-service.ts";
import { createDeviceInfoService } from "../../electron/node/services/library/device-info.ts";
import { appBudget, appOverheadParts, assessFit, defaultAppOverheadBytes, type DeviceRam } from "../../electron/node/services/library/fit.ts";
import { adviseOnMemory } from "../../electron/node/services/library/memory-advice.ts";
import { memoryModelFromCatalog } from "../../electron/node/services/library/memory-estimate.ts";
import { repackedEmbeddingBytes, repackKernelsFor } from "../../electron/node/services/library/repacked-embedding.ts";
import { createResidentMemory, engineResidentBytes } from "../../electron/node/services/library/resident-memory.ts";
import { loadBundledCatalog } from "../../models/catalog.ts";
import { installedCatalogFile } from "./support/installed-catalog-file.ts";

const cpuinfoPi5 = await readFile(path.join(import.meta.dirname, "fixtures/cpuinfo", "pi5-cortex-a76.txt"), "utf8");
const pi5 = repackKernelsFor("arm64", cpuinfoPi5);
const catalog = loadBundledCatalog();
const variant = (id: string) => catalog.variants.find((candidate) => candidate.id === id)!;
const { mainProcessBytes, rendererProcessBytes, engineRuntimeBytes } = appOverheadParts;

/**
 * A Raspberry Pi 5 with the desktop and this app open, no model loaded: MemTotal as the other Library tests use, and
 * the MemAvailable they take for "the desktop and this app running" (fit-and-recommendation.test.ts: 3.3 GB of 4, 7.18
 * GB of 8). So the app's main process and renderer are already outside that figure.
 */
const pi = {
  "4 GB": { totalBytes: 4_129_000_000, availableBytes: 3_300_000_000 },
  "8 GB": { totalBytes: 8_443_609_088, availableBytes: 7_180_000_000 },
} as const;
const desktopApp = mainProcessBytes + rendererProcessBytes;

/** The engine's own memory with 2B Q4_0 loaded (read mode, the Pi default) at 4096 tokens on a Pi 5: what the estimate says it holds. */
const q4 = memoryModelFromCatalog(variant("gemma-2-2b-it-Q4_0"));
const loaded2bEngineBytes = q4.weightsBytes + repackedEmbeddingBytes(q4.embedding, pi5) + q4.contextBytes(4096) + engineRuntimeBytes;

function verdicts(ram: DeviceRam) {
  const assessed = catalog.variants.map((candidate) => ({ candidate, fit: assessFit(memoryModelFromCatalog(candidate), ram, { repackKernels: pi5 }) }));
  return Object.fromEntries(assessed.map(({ candidate, fit }) => [candidate.id, `${fit.verdict} (fits up to ${fit.fittingContextSize ?? "—"})`]));
}

/** A fake device tree: /proc/meminfo, the Pi 5's /proc/cpuinfo and, when a model is loaded, the engine's /proc/<pid>/status. */
async function fakeProc(meminfo: { totalBytes: number; availableBytes: number }, engine?: { pid: number; status: string }): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), "fit-resident-"));
  await mkdir(path.join(root, "proc"));
  const kb = (bytes: number) => Math.round(bytes / 1024);
  await writeFile(path.join(root, "proc/meminfo"), `MemTotal:       ${kb(meminfo.totalBytes)} kB\nMemFree:         400000 kB\nMemAvailable:   ${kb(meminfo.availableBytes)} kB\n`);
  await writeFile(path.join(root, "proc/cpuinfo"), cpuinfoPi5);
  if (engine) {
    await mkdir(path.join(root, "proc", String(engine.pid)));
    await writeFile(path.join(root, "proc", String(engine.pid), "status"), engine.status);
  }
  roots.push(root);
  return root;
}
const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
});

/** /proc/<pid>/status as Linux ≥ 4.5 writes it (proc(5)): read mode keeps the weights anonymous; mmap keeps them file pages. */
const engineStatus = ({ anonBytes, fileBytes }: { anonBytes: number; fileBytes: number }) => {
  const kb = (bytes: number) => Math.round(bytes / 1024);
  return [
    "Name:\tnode",
    "State:\tS (sleeping)",
    `VmRSS:\t${kb(anonBytes + fileBytes)} kB`,
    `RssAnon:\t${kb(anonBytes)} kB`,
    `RssFile:\t${kb(fileBytes)} kB`,
    "RssShmem:\t0 kB",
    "Threads:\t7",
    "",
  ].join("\n");
};

function listingFor(root: string, options: { localRenderer: boolean; enginePid?: number }, models: InstalledModel[] = []) {
  const device = createDeviceInfoService({ root, arch: "arm64", runCommand: () => Promise.reject(new Error("no vcgencmd")) });
  const resident = createResidentMemory({ root, localRenderer: options.localRenderer, enginePid: () => options.enginePid });
  return createCatalogService({ catalog, device, library: { list: async () => models }, resident });
}

describe("the fit rule counts what the app already holds once (fit.ts, appBudget)", () => {
  it("the running app processes and the engine's runtime are already resident; the engine's model and KV are freed on a switch", () => {
    const ram: DeviceRam = { ...pi["4 GB"], resident: { appProcessBytes: desktopApp, engineBytes: 2_000_000_000 } };
    expect(appBudget(ram, defaultAppOverheadBytes)).toEqual({
      alreadyResidentBytes: desktopApp + engineRuntimeBytes,
      freedOnSwitchBytes: 2_000_000_000 - engineRuntimeBytes,
      availableBytes: 3_300_000_000,
    });
    // No engine running: only the app processes.
    expect(appBudget({ ...pi["4 GB"], resident: { appProcessBytes: mainProcessBytes, engineBytes: null } }, defaultAppOverheadBytes)).toEqual({
      alreadyResidentBytes: mainProcessBytes,
      freedOnSwitchBytes: 0,
      availableBytes: 3_300_000_000,
    });
  });

  it("without a MemAvailable figure the assumed 75 % stands and nothing counts as resident", () => {
    const ram: DeviceRam = { totalBytes: pi["4 GB"].totalBytes, availableBytes: null, resident: { appProcessBytes: desktopApp, engineBytes: 2_000_000_000 } };
    expect(appBudget(ram, defaultAppOverheadBytes)).toEqual({ alreadyResidentBytes: 0, freedOnSwitchBytes: 0, availableBytes: Math.round(4_129_000_000 * 0.75) });
    expect(assessFit(q4, ram, { repackKernels: pi5 })).toEqual(assessFit(q4, { totalBytes: 4_129_000_000, availableBytes: null }, { repackKernels: pi5 }));
  });

  it("'tight' still asks whether the whole app fits in the total: the 9B files stay 'won't fit' with 2B loaded on 8 GB", () => {
    const loaded: DeviceRam = { totalBytes: pi["8 GB"].totalBytes, availableBytes: pi["8 GB"].availableBytes - loaded2bEngineBytes, resident: { appProcessBytes: desktopApp, engineBytes: loaded2bEngineBytes } };
    expect(verdicts(loaded)).toMatchObject({ "gemma-2-9b-it-Q4_0": "wont-fit (fits up to —)", "gemma-2-9b-it-Q4_K_M": "wont-fit (fits up to —)" });
    // Figures that add up beyond the total (MemAvailable read before the engine grew): what the app may use stops at the total.
    const inconsistent: DeviceRam = { ...pi["8 GB"], resident: { appProcessBytes: desktopApp, engineBytes: 3_000_000_000 } };
    expect(assessFit(q4, inconsistent, { repackKernels: pi5 }).availableRamBytes).toBe(pi["8 GB"].totalBytes);
  });
});

describe("4 GB Raspberry Pi 5 (repacked embedding counted) with the desktop and the app open", () => {
  it("counting the app's running main process and renderer once: 2B Q4_0 fits with 4096 tokens and is recommended (before: nothing was)", async () => {
    // Before: need (3.16 GB at 4096, with the app's 438 MiB) + headroom against MemAvailable, which already lacks the app's 320 MiB.
    expect(verdicts(pi["4 GB"])["gemma-2-2b-it-Q4_0"]).toBe("tight (fits up to 1024)");
    const service = listingFor(await fakeProc(pi["4 GB"]), { localRenderer: true });
    const listing = await service.list();
    const verdictOf = (id: string) => listing.items.find((item) => item.variant.id === id)!.fit;
    expect(verdictOf("gemma-2-2b-it-Q4_0")).toMatchObject({ verdict: "fits", fittingContextSize: 4096 });
    expect(verdictOf("gemma-2-2b-it-Q4_K_M")).toMatchObject({ verdict: "tight", fittingContextSize: 2048 });
    expect(verdictOf("gemma-2-2b-it-Q8_0").verdict).toBe("wont-fit");
    expect(listing.recommendedId).toBe("gemma-2-2b-it-Q4_0");
    // The badge reads "needs X of Y available": Y is what the app may use, MemAvailable plus its own running processes.
    // (MemAvailable is read in kB: 3,300,000,000 bytes are written as 3,222,656 kB.)
    expect(verdictOf("gemma-2-2b-it-Q4_0").availableRamBytes).toBe(3_222_656 * 1024 + desktopApp);
    // The device's own figure is unchanged.
    expect(listing.availableRamBytes).toBe(3_222_656 * 1024);
  });

  it("a loaded 2B Q4_0 no longer makes the 2B file itself 'tight': its engine's memory comes back before a switch", async () => {
    const enginePid = 4242;
    const available = pi["4 GB"].availableBytes - loaded2bEngineBytes;
    // Before: with the engine's 2.85 GB outside MemAvailable, no 2B file fitted at any context, nothing was recommended.
    expect(verdicts({ ...pi["4 GB"], availableBytes: available })["gemma-2-2b-it-Q4_0"]).toBe("tight (fits up to —)");
    const root = await fakeProc({ ...pi["4 GB"], availableBytes: available }, { pid: enginePid, status: engineStatus({ anonBytes: loaded2bEngineBytes, fileBytes: 53 * 1024 * 1024 }) });
    const listing = await listingFor(root, { localRenderer: true, enginePid }).list();
    expect(listing.items.find((item) => item.variant.id === "gemma-2-2b-it-Q4_0")!.fit).toMatchObject({ verdict: "fits", fittingContextSize: 4096 });
    expect(listing.recommendedId).toBe("gemma-2-2b-it-Q4_0");
  });

  it("headless (--headless, npm run serve) counts no local renderer: the main process and the engine only", async () => {
    expect(await createResidentMemory({ localRenderer: false, enginePid: () => undefined })()).toEqual({ appProcessBytes: mainProcessBytes, engineBytes: null });
    expect(await createResidentMemory({ localRenderer: true, enginePid: () => undefined })()).toEqual({ appProcessBytes: desktopApp, engineBytes: null });
    // Headless, the renderer's 202 MiB are still free: MemAvailable is that much higher, and the verdicts are the desktop's.
    const headlessRoot = await fakeProc({ ...pi["4 GB"], availableBytes: pi["4 GB"].availableBytes + rendererProcessBytes });
    const headless = await listingFor(headlessRoot, { localRenderer: false }).list();
    const desktop = await listingFor(await fakeProc(pi["4 GB"]), { localRenderer: true }).list();
    expect(headless.items.map((item) => [item.variant.id, item.fit.verdict, item.fit.fittingContextSize])).toEqual(
      desktop.items.map((item) => [item.variant.id, item.fit.verdict, item.fit.fittingContextSize]),
    );
    expect(headless.recommendedId).toBe("gemma-2-2b-it-Q4_0");
    // Counting a renderer that does not run would claim 202 MiB that are not there.
    const claimed = await listingFor(headlessRoot, { localRenderer: true }).list();
    expect(claimed.items[0]!.fit.availableRamBytes! - headless.items[0]!.fit.availableRamBytes!).toBe(rendererProcessBytes);
  });

  it("the out-of-memory advice uses the same inputs: a catalog file and the same file outside the catalog get the same context", async () => {
    const root = await fakeProc(pi["4 GB"]);
    const service = listingFor(root, { localRenderer: true });
    const model = installedCatalogFile("gemma-2-2b-it-Q4_0");
    const models = { list: async () => [model] };
    // After an OOM at 8192 tokens: 4096, the listing's fitting context (before this change: 1024).
    expect(await adviseOnMemory({ catalog: service, models }, { modelPath: model.path, contextSize: 8192 })).toMatchObject({ contextSize: 4096 });
    // A file the catalog does not know, read from its header: the same rule, RAM, resident app and repack kernels.
    const imported = { ...model, id: "my-gemma.gguf", path: "/home/pi/models/my-gemma.gguf", catalogId: null };
    const advice = await adviseOnMemory({ catalog: service, models: { list: async () => [imported] }, readHeader: async () => q4 }, { modelPath: imported.path, contextSize: 8192 });
    expect(advice).toMatchObject({ modelId: "my-gemma.gguf", contextSize: 4096 });
  });
});

describe("8 GB Raspberry Pi 5", () => {
  it("with 2B Q4_0 loaded, the larger 2B files fit again with 8192 tokens (before: Q8_0 was 'tight', Q5_K_M fitted only 4096)", async () => {
    const enginePid = 77;
    const available = pi["8 GB"].availableBytes - loaded2bEngineBytes;
    expect(verdicts({ ...pi["8 GB"], availableBytes: available })).toMatchObject({
      "gemma-2-2b-it-Q5_K_M": "fits (fits up to 4096)",
      "gemma-2-2b-it-Q8_0": "tight (fits up to —)",
    });
    const root = await fakeProc({ ...pi["8 GB"], availableBytes: available }, { pid: enginePid, status: engineStatus({ anonBytes: loaded2bEngineBytes, fileBytes: 53 * 1024 * 1024 }) });
    const listing = await listingFor(root, { localRenderer: true, enginePid }).list();
    expect(Object.fromEntries(listing.items.map((item) => [item.variant.id, `${item.fit.verdict} (fits up to ${item.fit.fittingContextSize ?? "—"})`]))).toEqual({
      "gemma-2-2b-it-Q4_0": "fits (fits up to 8192)",
      "gemma-2-2b-it-Q4_K_M": "fits (fits up to 8192)",
      "gemma-2-2b-it-Q5_K_M": "fits (fits up to 8192)",
      "gemma-2-2b-it-Q6_K": "fits (fits up to 8192)",
      "gemma-2-2b-it-Q8_0": "fits (fits up to 8192)",
      "gemma-2-9b-it-Q4_0": "wont-fit (fits up to —)",
      "gemma-2-9b-it-Q4_K_M": "wont-fit (fits up to —)",
    });
    expect(listing.recommendedId).toBe("gemma-2-2b-it-Q4_0");
  });
});

describe("the engine's memory read from /proc/<pid>/status (resident-memory.ts)", () => {
  it("counts anonymous and shmem pages, not the mapped file pages MemAvailable already holds (an mmap load)", () => {
    const mib = 1024 * 1024;
    // load-mode.ts's measurement of an mmap load: 1,517 MiB of the engine's own + 1,601 MiB of the mapped file.
    expect(engineResidentBytes(engineStatus({ anonBytes: 1517 * mib, fileBytes: 1601 * mib }))).toBe(1517 * mib);
    // A kernel before 4.5 has no RssAnon line: VmRSS.
    expect(engineResidentBytes("Name:\tnode\nVmRSS:\t   2048 kB\n")).toBe(2048 * 1024);
    expect(engineResidentBytes("Name:\tnode\n")).toBeNull();
  });

  it("reads only whole, anchored kB lines: a process name that spells a field, an absurd or garbled figure count for nothing", () => {
    // A process may name itself anything (prctl PR_SET_NAME): the kernel prints it after "Name:", never at a line's start.
    expect(engineResidentBytes("Name:\tRssAnon:\t 99999999 kB\nRssAnon:\t    1024 kB\n")).toBe(1024 * 1024);
    expect(engineResidentBytes("Name:\tnode\nRssAnon:\t 9999999999999999 kB\n")).toBeNull();
    expect(engineResidentBytes("Name:\tnode\nRssAnon:\t -5 kB\nVmRSS:\t 12 MB\n")).toBeNull();
    expect(engineResidentBytes("\u0000\uffff".repeat(10_000))).toBeNull();
  });

  it("reads no /proc entry for a pid that is not a positive whole number", async () => {
    const root = await fakeProc(pi["4 GB"]);
    const pids = [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY];
    // Each has a status file where an unchecked pid would lead the read.
    for (const pid of pids) {
      await mkdir(path.join(root, "proc", String(pid)));
      await writeFile(path.join(root, "proc", String(pid), "status"), "Name:\tnode\nRssAnon:\t    1024 kB\n");
    }
    for (const pid of pids)
      expect(await createResidentMemory({ root, localRenderer: false, enginePid: () => pid })()).toEqual({ appProcessBytes: appOverheadParts.mainProcessBytes, engineBytes: null });
  });

  it("an engine that has gone (no /proc entry) or no engine counts nothing", async () => {
    const root = await fakeProc(pi["4 GB"]);
    expect(await createResidentMemory({ root, localRenderer: true, enginePid: () => 999_999 })()).toEqual({ appProcessBytes: desktopApp, engineBytes: null });
    expect(await createResidentMemory({ root, localRenderer: true, enginePid: () => undefined })()).toEqual({ appProcessBytes: desktopApp, engineBytes: null });
  });
});

