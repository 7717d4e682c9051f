/**
 * "Ours": the main-process side of the app in its own Node process, so its memory is measured alone (the raw
 * baseline's model lives in the bench process). It builds the real `AppBackend` (EngineSupervisor + ChatService +
 * the forked engine process) and connects a stand-in renderer to it through `AppBackend.connect`: an RPC client of
 * the app contract that validates what it receives, as the renderer's does, and consumes the answer call's progress.
 *
 *   bench process ──IPC (commands only, outside the timed spans)──▶ this process
 *     stand-in renderer ─(memory port | WebSocket)─▶ AppBackend ─▶ EngineSupervisor ─IPC─▶ engine process
 */
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  appContract,
  createRpcClient,
  type AppContract,
  type ChatMessage,
  type MessageTransport,
  type RpcClient,
} from "../electron/common/contract/index.ts";
import { startApiServer, type ApiServer } from "../electron/node/api/api-server.ts";
import { apiEngineOver } from "../electron/node/api/start-api-access.ts";
import { startBrowserHost, type BrowserHost } from "../electron/node/host/browser-host.ts";
import { AppBackend } from "../electron/node/services/app-backend.ts";
import { forkEngine } from "../electron/node/services/inference/engine-process.ts";
import { serveParent } from "./child.ts";
import { answerResult, type AnswerResult } from "./measure.ts";
import { ownCpuMs, processCpuMs, processMemory, processSettled, sampleOwnRss } from "./memory.ts";
import { benchSampling, type LoadSettings } from "./settings.ts";
import { portLikeTransportPair, webSocketClientTransport } from "./transports.ts";

export type PipelineTransport = "memory" | "websocket";

export interface PipelineOptions {
  engineEntry: string;
  engineExecArgv: string[];
  load: LoadSettings;
  transport: PipelineTransport;
  /** Where the browser host serves the renderer from (only used with the WebSocket transport). */
  rendererDir: string;
}

export interface PipelineAnswer extends AnswerResult {
  textSha1: string;
  status: ChatMessage["status"];
  /** CPU time of the engine process and of this (main-side) process during the answer, ms. */
  engineCpuMs: number;
  mainCpuMs: number;
  /**
   * After the answer, until the engine went idle: it evaluates the opening of the next turn (see Engine's
   * prepareNextTurn). Nothing is measured meanwhile, so this work never lands in a figure of either side; a
   * reader takes longer than this to read the answer and type the next message.
   */
  preparation: { ms: number; cpuMs: number };
}

/**
 * Like the app: settings, chats and the chat state live in a user-data folder (a fresh temporary one), so every
 * answer is saved to disk the way the app saves it; sampling and load settings are set through the contract's
 * `settings.update`, as the settings screen does.
 */
function createBackend(options: PipelineOptions, userDataDir: string): AppBackend {
  return new AppBackend({
    userDataDir,
    spawnEngine: forkEngine(options.engineEntry, { execArgv: options.engineExecArgv }),
    onRejected: (reason) => process.stderr.write(`[bench pipeline] rejected: ${reason}\n`),
  });
}

async function connectRenderer(
  backend: AppBackend,
  options: PipelineOptions,
): Promise<{ client: RpcClient<AppContract>; host?: BrowserHost; close(): Promise<void> }> {
  if (options.transport === "memory") {
    const [rendererEnd, mainEnd] = portLikeTransportPair();
    const disconnect = backend.connect(mainEnd);
    return { client: rendererClient(rendererEnd), close: async () => disconnect() };
  }
  const host = await startBrowserHost({ backend, rendererDir: options.rendererDir, port: 0 });
  const socket = await webSocketClientTransport(host.port);
  return {
    client: rendererClient(socket),
    host,
    close: async () => {
      socket.close();
      await host.close();
    },
  };
}

/** The renderer's client options (renderer/src/api/client.ts): incoming results and events are validated. */
/** Like renderer/src/api/client.ts: envelopes checked, payloads trusted (main validated what it was sent). */
function rendererClient(transport: MessageTransport): RpcClient<AppContract> {
  return createRpcClient(transport, appContract, {
    onRejected: (reason) => process.stderr.write(`[bench renderer] rejected: ${reason}\n`),
  });
}

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

async function main(): Promise<void> {
  const rss = sampleOwnRss(50);
  let backend: AppBackend | undefined;
  let client: RpcClient<AppContract> | undefined;
  let closeRenderer: (() => Promise<void>) | undefined;
  let onDelta: (() => void) | undefined;

  const requireClient = () => {
    if (!client) throw new Error("load first");
    return client;
  };

  let userDataDir: string | undefined;
  let maxTokens: number | undefined;
  let api: ApiServer | undefined;

  serveParent({
    async load(params) {
      const options = params.options as PipelineOptions;
      userDataDir = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-bench-"));
      backend = createBackend(options, userDataDir);
      await backend.start();
      const renderer = await connectRenderer(backend, options);
      client = renderer.client;
      closeRenderer = renderer.close;
      const { threads, contextSize, batchSize } = options.load;
      await client.call("settings.update", { patch: { model: { threads, contextSize, batchSize }, sampling: benchSampling(128) } });
      maxTokens = 128;
      const info = await client.call("engine.loadModel", { path: params.modelPath as string });
      return { info, enginePid: backend.supervisor.pid, settings: (await client.call("settings.get", {})).settings };
    },

    async newConversation() {
      return (await requireClient().call("chat.create", {})).id;
    },

    async answer(params) {
      const rpc = requireClient();
      if (params.maxTokens !== maxTokens) {
        maxTokens = params.maxTokens as number;
        await rpc.call("settings.update", { patch: { sampling: { maxTokens } } });
      }
      let firstTokenAt: number | undefined;
      let lastTokenAt: number | undefined;
      let pieces = 0;
      onDelta = () => {
        const now = performance.now();
        firstTokenAt ??= now;
        lastTokenAt = now;
        pieces++;
      };
      const enginePid = backend?.supervisor.pid;
      const engineCpuBefore = enginePid === undefined ? Number.NaN : await processCpuMs(enginePid);
      const mainCpuBefore = ownCpuMs();
      const startedAt = performance.now();
      const ended = await rpc.call(
        "chat.send",
        { conversationId: params.conversationId as string, text: params.text as string },
        { onProgress: (progress) => progress.type === "delta" && onDelta?.() },
      );
      const message = ended.messages.at(-1);
      if (!message) throw new Error("chat.send ended without its answer");
      const endedAt = performance.now();
      const mainCpuMs = ownCpuMs() - mainCpuBefore;
      const engineCpuMs = enginePid === undefined ? Number.NaN : (await processCpuMs(enginePid)) - engineCpuBefore;
      onDelta = undefined;
      const preparation = enginePid === undefined ? { ms: Number.NaN, cpuMs: Number.NaN } : await processSettled(enginePid);
      if (!message.stats) throw new Error(`the answer has no stats (status ${message.status}: ${message.error?.message ?? "no error"})`);
      const result: PipelineAnswer = {
        ...answerResult(
          {
            startedAt,
            firstTokenAt,
            lastTokenAt,
            endedAt,
            promptTokens: message.stats.promptTokens,
            generatedTokens: message.stats.generatedTokens,
            pieces,
            stopReason: message.status,
            cpuMs: engineCpuMs + mainCpuMs,
          },
          message.stats,
        ),
        textSha1: sha1(message.text),
        status: message.status,
        engineCpuMs,
        mainCpuMs,
        preparation,
      };
      return result;
    },

    /** The local API over this same backend and engine, for the bench's API phase; the model goes by `bench`. */
    async startApi(params) {
      if (!backend) throw new Error("load first");
      const engine = apiEngineOver(backend);
      // The bench model lives in the bench's cache, not in the Library's folder: the API lists it alone.
      const model = { name: "bench", id: "bench.gguf", path: params.modelPath as string, sizeBytes: params.sizeBytes as number, sha256: null, quantization: null, architecture: "gemma2", parameterCount: null, modifiedAt: new Date() };
      api = await startApiServer({ engine: { ...engine, listModels: async () => [model] }, version: "bench", port: 0 });
      return { url: api.url, model: model.name };
    },

    /** Waits until the engine has finished what it does after an answer (as `answer` does), outside any measured span. */
    async settle() {
      const enginePid = backend?.supervisor.pid;
      return enginePid === undefined ? { ms: Number.NaN, cpuMs: Number.NaN } : await processSettled(enginePid);
    },

    async memory() {
      const enginePid = backend?.supervisor.pid;
      return {
        main: { sampledPeakRssMb: rss.peakMb(), samples: rss.samples(), ...(await processMemory("self")) },
        engine: enginePid === undefined ? undefined : { pid: enginePid, ...(await processMemory(enginePid)) },
      };
    },

    async dispose() {
      await api?.close();
      await closeRenderer?.();
      backend?.dispose();
      rss.stop();
      if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
      setTimeout(() => process.exit(0), 100);
      return {};
    },
  });
}

await main();
