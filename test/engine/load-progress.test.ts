// @vitest-environment node
import { stat } from "node:fs/promises";
import { afterAll, describe, expect, it } from "vitest";
import { createRpcClient, engineContract, type EngineStatus, type LoadMeter, type LoadMode } from "../../electron/common/contract/index.ts";
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
});
