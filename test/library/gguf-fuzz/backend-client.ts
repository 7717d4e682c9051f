/** The real backend with the real engine in a scratch folder, and a client over the in-memory transport: what the GGUF suites drive. */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { appContract, createRpcClient, type AppContract, type RpcClient } from "../../../electron/common/contract/index.ts";
import { AppBackend } from "../../../electron/node/services/app-backend.ts";
import { spawnTestEngine } from "../../support/engine.ts";
import { memoryTransportPair } from "../../support/memory-transport.ts";

export interface BackendClient {
  work: string;
  client: RpcClient<AppContract>;
  dispose(): Promise<void>;
}

export async function startBackendClient(prefix: string): Promise<BackendClient> {
  const work = await mkdtemp(path.join(os.tmpdir(), prefix));
  const backend = new AppBackend({ spawnEngine: spawnTestEngine(), userDataDir: path.join(work, "data"), devicePollMs: 0, loadOptions: { threads: 1, contextSize: 256 } });
  await backend.start();
  const [renderer, main] = memoryTransportPair();
  backend.connect(main);
  return {
    work,
    client: createRpcClient(renderer, appContract),
    async dispose() {
      await backend.dispose();
      await rm(work, { recursive: true, force: true });
    },
  };
}
