// @vitest-environment node
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MessageTransport } from "../../electron/common/rpc/rpc-envelope.ts";
import { createRpcClient, type RpcClient } from "../../electron/common/rpc/rpc-client.ts";
import { serveRpc, type RpcServer } from "../../electron/common/rpc/rpc-server.ts";
import type { DownloadJob, InstalledModel } from "../../electron/common/contract/app/library.ts";
import { createCatalogService } from "../../electron/node/services/library/catalog-service.ts";
import { createDeviceInfoService } from "../../electron/node/services/library/device-info.ts";
import { createDownloadService } from "../../electron/node/services/library/download-service.ts";
import { connectLibraryEvents, createLibraryServices, libraryContract, type LibraryContract, type LibraryServices } from "../../electron/node/services/library/handlers.ts";
import { serviceHandlers } from "../../electron/common/rpc/service-handlers.ts";
import { importModel } from "../../electron/node/services/library/import-model.ts";
import { createModelLibrary } from "../../electron/node/services/library/installed-models.ts";
import { createFoundModels } from "../../electron/node/services/library/local-stores/found-models.ts";
import { startHfServer, type HfTestServer } from "../support/hf-server.ts";
import { testModel } from "../support/hf/test-model.ts";
import { startRegistryServer, type RegistryTestServer } from "../support/ollama-registry-server.ts";
import { catalogPinning } from "../support/test-catalog.ts";

function transportPair(): [MessageTransport, MessageTransport] {
  const sides = [new Set<(message: unknown) => void>(), new Set<(message: unknown) => void>()] as const;
  const side = (mine: 0 | 1): MessageTransport => ({
    send: (message) => queueMicrotask(() => sides[mine === 0 ? 1 : 0].forEach((listener) => listener(structuredClone(message)))),
    onMessage: (listener) => (sides[mine].add(listener), () => sides[mine].delete(listener)),
  });
  return [side(0), side(1)];
}

function nextEvent<T>(subscribe: (listener: (payload: T) => void) => () => void, match: (payload: T) => boolean, timeoutMs = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (stop(), reject(new Error("event did not arrive"))), timeoutMs);
    const stop = subscribe((payload) => match(payload) && (clearTimeout(timer), stop(), resolve(payload)));
  });
}

describe("the library contract served over RPC", () => {
  let server: HfTestServer;
  let registry: RegistryTestServer;
  let workDir: string;
  let client: RpcClient<LibraryContract>;
  let rpc: RpcServer<LibraryContract>;
  let services: LibraryServices;
  let disconnect: () => void;
  let active: InstalledModel | null = null;

  beforeEach(async () => {
    // The catalog's Q4_0 comes from Ollama's registry: a registry stand-in serves the generated model as gemma2:2b.
    [server, registry] = await Promise.all([startHfServer(), startRegistryServer()]);
    const served = (await testModel("q4_0")).data;
    registry.addModel("gemma2", "2b", served);
    const catalog = catalogPinning({ "gemma-2-2b-it-Q4_0": served });
    workDir = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-handlers-"));
    const modelsDir = path.join(workDir, "models");
    await mkdir(modelsDir);
    const models = createModelLibrary({ modelsDir, catalog });
    const device = createDeviceInfoService({ root: path.join(workDir, "no-proc"), runCommand: async () => Promise.reject(new Error("none")), totalmem: () => 8e9, arch: "arm64" });
    services = {
      catalog: createCatalogService({ catalog, device, library: models }),
      models,
      downloads: createDownloadService({
        modelsDir, fetch, now: Date.now, freeDiskBytes: async () => 1e12, getEndpoint: () => server.endpoint, getRegistryEndpoint: () => registry.endpoint,
        getToken: async () => undefined, retryDelayMs: () => 10,
      }),
      device,
      importModel: (request) => importModel(request, { modelsDir, library: models, now: Date.now, freeDiskBytes: async () => 1e12 }),
      found: createFoundModels({
        stores: { env: {}, home: path.join(workDir, "home") },
        installed: () => models.list(),
        importModel: (request) => importModel(request, { modelsDir, library: models, now: Date.now, freeDiskBytes: async () => 1e12 }),
      }),
      activeModel: { get: async () => active?.id ?? null, set: async (model) => void (active = model) },
    };
    const [serverSide, clientSide] = transportPair();
    rpc = serveRpc(serverSide, libraryContract, serviceHandlers(libraryContract, createLibraryServices(services, (event, payload) => rpc.emit(event, payload))));
    disconnect = connectLibraryEvents(services, (event, payload) => rpc.emit(event, payload), { devicePollMs: 0 });
    client = createRpcClient(clientSide, libraryContract, { validateIncoming: true });
  });
  afterEach(async () => {
    disconnect();
    rpc.close();
    await services.downloads.close();
    await Promise.all([server.close(), registry.close()]);
    await rm(workDir, { recursive: true, force: true });
  });

  it("lists the catalog, downloads a variant with progress events, activates and deletes it", async () => {
    const catalog = await client.call("library.catalog", {});
    expect(catalog.items).toHaveLength(7);
    expect(catalog.recommendedId).not.toBeNull();
    await expect(client.call("downloads.start", { variantId: "gemma-2-2b-it-Q4_0", acceptedTerms: false as true })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(client.call("downloads.start", { variantId: "gemma-3-1b", acceptedTerms: true })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const completed = nextEvent<DownloadJob>((listener) => client.on("downloads.progress", listener), (job) => job.state === "completed");
    const installedEvent = nextEvent<{ reason: string; id: string | null }>(
      (listener) => client.on("library.changed", listener),
      (change) => change.reason === "downloaded",
    );
    const job = await client.call("downloads.start", { variantId: "gemma-2-2b-it-Q4_0", acceptedTerms: true });
    expect(job).toMatchObject({ id: "gemma-2-2b-it-Q4_0", source: { kind: "ollama", model: "gemma2", tag: "2b" } });
    expect((await completed).receivedBytes).toBe((await testModel("q4_0")).data.length);
    expect(await installedEvent).toEqual({ reason: "downloaded", id: "gemma-2-2b-it-Q4_0.gguf" });
    expect((await client.call("downloads.list", {})).jobs).toEqual([expect.objectContaining({ state: "completed" })]);

    const installed = await client.call("library.installed", {});
    expect(installed.models.map((model) => [model.id, model.catalogId, model.source.kind])).toEqual([["gemma-2-2b-it-Q4_0.gguf", "gemma-2-2b-it-Q4_0", "ollama"]]);
    expect(installed.modelsFolderBytes).toBeGreaterThan(installed.models[0]!.sizeBytes);
    expect((await client.call("library.catalog", {})).items.find((item) => item.variant.id === "gemma-2-2b-it-Q4_0")?.installed).toBe(true);

    const activated = await client.call("library.setActive", { id: "gemma-2-2b-it-Q4_0.gguf" });
    expect(activated.path).toBe(installed.models[0]!.path);
    expect((await client.call("library.installed", {})).activeId).toBe("gemma-2-2b-it-Q4_0.gguf");
    expect(await client.call("library.delete", { id: "gemma-2-2b-it-Q4_0.gguf" })).toEqual({ freedBytes: installed.models[0]!.sizeBytes });
    expect(active).toBeNull();
    expect((await client.call("library.installed", {})).models).toEqual([]);
    await expect(client.call("library.delete", { id: "../../etc/passwd" as `${string}.gguf` })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("imports with progress events and reports device info", async () => {
    const source = path.join(workDir, "my-gemma.gguf");
    await writeFile(source, (await testModel("q4_0")).data);
    const progress: number[] = [];
    client.on("library.importProgress", (event) => progress.push(event.copiedBytes));
    const result = await client.call("library.import", { path: source, mode: "copy" });
    expect(result).toMatchObject({ model: { id: "my-gemma.gguf", quantization: "Q4_0" }, warnings: [] });
    expect(progress.at(-1)).toBe(result.model.sizeBytes);
    await expect(client.call("library.import", { path: path.join(workDir, "none.gguf"), mode: "in-place" })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const device = await client.call("device.info", {});
    expect(device).toMatchObject({ totalRamBytes: 8e9, availableRamBytes: null, temperatureCelsius: null, throttling: null, arch: "arm64" });
  });

  it("sends device readings as device.updated events while connected", async () => {
    const polling = connectLibraryEvents(services, (event, payload) => rpc.emit(event, payload), { devicePollMs: 20 });
    try {
      const update = await nextEvent<{ totalRamBytes: number | null }>((listener) => client.on("device.updated", listener), () => true);
      expect(update.totalRamBytes).toBe(8e9);
    } finally {
      polling();
    }
  });
});
