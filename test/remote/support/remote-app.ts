/**
 * The app as a renderer sees it, for chats answered by another computer: an AppBackend over a data folder of its own
 * (servers, keys and chats written as in the app; keys through a stand-in for safeStorage), reached by the contract's
 * RPC client over the in-memory transport, with the events it broadcast recorded.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { appContract, createRpcClient, type AppContract, type EventName, type PayloadOf, type RpcClient } from "../../../electron/common/contract/index.ts";
import type { RemoteBounds } from "../../../electron/node/remote/remote-backend.ts";
import { AppBackend } from "../../../electron/node/services/app-backend.ts";
import type { SecretCipher } from "../../../electron/node/services/settings/token-store.ts";
import { spawnTestEngine } from "../../support/engine.ts";
import { memoryTransportPair } from "../../support/memory-transport.ts";
import { testLoadOptions } from "../../support/models.ts";

/** Stands in for safeStorage: reversible, and never the plain bytes. */
export const reversingCipher: SecretCipher = {
  encrypted: true,
  encrypt: (plain) => Buffer.from([...Buffer.from(plain, "utf8")].reverse()),
  decrypt: (stored) => Buffer.from([...stored].reverse()).toString("utf8"),
};

export interface RemoteApp {
  backend: AppBackend;
  client: RpcClient<AppContract>;
  dir: string;
  /** Every event the client received, in order. */
  events: { event: string; payload: unknown }[];
  eventsNamed<E extends EventName<AppContract>>(event: E): PayloadOf<AppContract, E>[];
  /** A second start of the app on the same data folder (a restart). */
  restart(): Promise<RemoteApp>;
  /** The text of every file in the data folder. */
  files(): Promise<{ file: string; text: string }[]>;
  close(): Promise<void>;
}

async function filesUnder(dir: string): Promise<{ file: string; text: string }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  return Promise.all(files.map(async (file) => ({ file, text: await readFile(file, "latin1") })));
}

export async function startRemoteApp(options: { dir?: string; remoteBounds?: RemoteBounds } = {}): Promise<RemoteApp> {
  const dir = options.dir ?? (await mkdtemp(path.join(os.tmpdir(), "edge-gemma-remote-app-")));
  const backend = new AppBackend({
    spawnEngine: spawnTestEngine(),
    loadOptions: testLoadOptions,
    userDataDir: dir,
    modelsDir: path.join(dir, "models"),
    tokenCipher: reversingCipher,
    devicePollMs: 0,
    ...(options.remoteBounds && { remoteBounds: options.remoteBounds }),
  });
  await backend.start();
  const [rendererEnd, mainEnd] = memoryTransportPair();
  const disconnect = backend.connect(mainEnd);
  const client = createRpcClient(rendererEnd, appContract);
  const events: RemoteApp["events"] = [];
  rendererEnd.onMessage((message) => {
    const { kind, event, payload } = message as { kind: string; event?: string; payload?: unknown };
    if (kind === "event" && event) events.push({ event, payload });
  });
  const app: RemoteApp = {
    backend,
    client,
    dir,
    events,
    eventsNamed: (event) => events.filter((entry) => entry.event === event).map((entry) => entry.payload as never),
    restart: async () => {
      await app.close();
      return startRemoteApp({ ...options, dir });
    },
    files: () => filesUnder(dir),
    close: async () => {
      disconnect();
      backend.dispose();
    },
  };
  return app;
}

export async function removeFolder(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
