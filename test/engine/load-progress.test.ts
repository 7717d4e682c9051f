// @vitest-environment node
import { stat } from "node:fs/promises";
import { afterAll, describe, expect, it } from "vitest";
import { createRpcClient, engineContract, type EngineStatus, type LoadMeter, type LoadMode } from "../../electron/common/contract/index.ts";
import type { SpawnEngine } from "../../electron/node/services/inference/engine-process.ts";
import { EngineSupervisor } from "../../electron/node/services/inference/supervisor.ts";
import { spawnTestEngine } from "../support/engine.ts";
import { testLoadOptions, tinyModel } from "../support/models.ts";

const engine = spawnTestEngine()();
const client = createRpcClient(engine.transport, engineContract, { validateIncoming: true });
afterAll(() => engine.kill());

function expectMonotonicUpToTheFile(meters: LoadMeter[], fileBytes: number) {
  expect(meters.length).toBeGreaterThanOrEqual(2);
  for (const meter of meters) expect(meter.totalBytes).toBe(fileBytes);
  const bytes = meters.map((meter) => meter.loadedBytes);
  expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
  expect(bytes.at(-1)).toBe(fileBytes);
}

describe("load progress from the real engine", () => {
  it.each(["read", "mmap"] as const satisfies readonly LoadMode[])("reports the bytes of a %s load, never going back, up to the whole file", async (loadMode) => {
    const modelPath = await tinyModel("q8_0");
    const meters: LoadMeter[] = [];
    const progress: number[] = [];
    const stop = client.on("loadProgress", (event) => {
      meters.push(event.meter);
      progress.push(event.progress);
    });
    await client.call("load", { modelPath, ...testLoadOptions, loadMode });
    stop();
    expectMonotonicUpToTheFile(meters, (await stat(modelPath)).size);
    expect(progress.at(-1)).toBe(1);
  });

  it("reaches the app as the loading status's meter", async () => {
    const modelPath = await tinyModel("q4_0");
    const supervisor = new EngineSupervisor(spawnTestEngine(), testLoadOptions);
    const statuses: EngineStatus[] = [];
    supervisor.onStatus((status) => statuses.push(status));
    try {
      await supervisor.loadModel(modelPath);
    } finally {
      supervisor.dispose();
    }
    const meters = statuses.flatMap((status) => (status.state === "loading" && status.meter ? [status.meter] : []));
    expectMonotonicUpToTheFile(meters, (await stat(modelPath)).size);
    expect(statuses.at(-1)?.state).toBe("ready");
  });

  it("loads in the mode the device rule picks, unless the load options name one", async () => {
    const modelPath = await tinyModel("q4_0");
    // The load calls main sends the real engine, as it sends them.
    const sent: unknown[] = [];
    const spawn: SpawnEngine = () => {
      const child = spawnTestEngine()();
      const send = child.transport.send.bind(child.transport);
      return {
        get pid() {
          return child.pid;
        },
        transport: { send: (message) => (sent.push(message), send(message)), onMessage: (listener) => child.transport.onMessage(listener) },
        onExit: (listener) => child.onExit(listener),
        lastOutputLines: () => child.lastOutputLines(),
        kill: () => child.kill(),
      };
    };
    const asked: string[] = [];
    const pick = (path: string) => (asked.push(path), Promise.resolve("mmap" as const));
    const loadModes = () => sent.flatMap((message) => ((message as { method?: string }).method === "load" ? [(message as { params: { loadMode?: string } }).params.loadMode] : []));

    const picked = new EngineSupervisor(spawn, testLoadOptions, undefined, pick);
    try {
      expect((await picked.loadModel(modelPath)).path).toBe(modelPath);
    } finally {
      picked.dispose();
    }
    expect(asked).toEqual([modelPath]);
    expect(loadModes()).toEqual(["mmap"]);

    const named = new EngineSupervisor(spawn, { ...testLoadOptions, loadMode: "read" }, undefined, pick);
    try {
      await named.loadModel(modelPath);
    } finally {
      named.dispose();
    }
    expect(asked).toEqual([modelPath]);
    expect(loadModes()).toEqual(["mmap", "read"]);
  });
});
