// @vitest-environment node
import { afterAll, describe, expect, it } from "vitest";
import {
  appContract,
  createRpcClient,
  engineContract,
  type Contract,
  type MessageTransport,
  type WireError,
} from "../../electron/common/contract/index.ts";
import { AppBackend } from "../../electron/node/services/app-backend.ts";
import { spawnTestEngine } from "../support/engine.ts";
import { memoryTransportPair } from "../support/memory-transport.ts";
import { testLoadOptions, tinyModel } from "../support/models.ts";

const huge = "x".repeat(2_000_001);

/** A valid example of each method's params; the malformed variants are derived from it. */
const validAppParams: Record<keyof typeof appContract.methods, Record<string, unknown>> = {
  "engine.getStatus": {},
  "engine.loadModel": { path: "/models/gemma.gguf" },
  "engine.unload": {},
  "dialog.openModelFile": {},
  "chat.list": {},
  "chat.create": {},
  "chat.get": { conversationId: "abc" },
  "chat.messages": { conversationId: "abc", page: { start: 0, end: 50 } },
  "chat.send": { conversationId: "abc", text: "Hello" },
  "chat.state": {},
  "chat.open": { conversationId: "abc" },
  "chat.rename": { conversationId: "abc", title: "Renamed" },
  "chat.setSystemPrompt": { conversationId: "abc", systemPrompt: "Be brief." },
  "chat.setPreset": { conversationId: "abc", presetId: "precise" },
  "chat.setModel": { conversationId: "abc", modelId: "gemma-2-2b-it-Q4_0.gguf" },
  "chat.contextUsage": { conversationId: "abc" },
  "chat.setBackend": { conversationId: "abc", backend: { kind: "remote", serverId: "s1", model: "gemma2:9b" } },
  "presets.list": {},
  "presets.save": { preset: { name: "Terse", systemPrompt: "Answer in one sentence.", sampling: { temperature: 0.3 } } },
  "presets.delete": { id: "abc" },
  "library.modelsFolder": {},
  "library.openModelsFolder": {},
  "library.memoryAdvice": {},
  "chat.delete": { conversationId: "abc" },
  "chat.restore": { conversationId: "abc" },
  "chat.search": { query: "pi" },
  "chat.export": { conversationId: "abc", format: "markdown" },
  "chat.regenerate": { conversationId: "abc" },
  "chat.edit": { conversationId: "abc", messageId: "m1", text: "Hello" },
  "chat.continue": { conversationId: "abc" },
  "chat.selectAlternative": { conversationId: "abc", messageId: "m1", index: 0 },
  "settings.get": {},
  "settings.update": { patch: { sampling: { temperature: 0.5 } } },
  "settings.reset": { section: "sampling" },
  "settings.describe": {},
  "settings.dismissNotices": {},
  "library.catalog": { contextSize: 4096 },
  "library.checkOnline": {},
  "library.installed": {},
  "library.delete": { id: "gemma-2-2b-it-Q4_0.gguf" },
  "library.setActive": { id: "gemma-2-2b-it-Q4_0.gguf" },
  "library.import": { path: "/media/usb/gemma.gguf", mode: "copy" },
  "library.found": {},
  "library.useFound": { path: "/usr/share/ollama/.ollama/models/blobs/sha256-0000" },
  "downloads.list": {},
  "downloads.start": { variantId: "gemma-2-2b-it-Q4_0", acceptedTerms: true },
  "downloads.pause": { id: "job-1" },
  "downloads.resume": { id: "job-1" },
  "downloads.cancel": { id: "job-1" },
  "device.info": {},
  "network.tokenStatus": {},
  "network.setToken": { token: "hf_abcdef" },
  "remote.list": {},
  "api.getActivity": {},
  "remote.add": { name: "Desktop", kind: "ollama", address: "http://192.168.1.20:11434", apiKey: "sk-test" },
  "remote.update": { id: "s1", name: "GPU box" },
  "remote.remove": { id: "s1" },
  "remote.models": { id: "s1" },
  "apiAccess.status": {},
  "apiAccess.newToken": {},
};

const validEngineParams: Record<keyof typeof engineContract.methods, Record<string, unknown>> = {
  load: { modelPath: "/models/gemma.gguf", contextSize: 512 },
  unload: {},
  generate: { history: [{ role: "user", text: "Hi" }], text: "Hello", sampling: { temperature: 0.5 } },
};

function malformedVariants(valid: Record<string, unknown>): [string, unknown][] {
  const variants: [string, unknown][] = [
    ["not an object", 42],
    ["null", null],
    ["an array", [valid]],
    ["an extra field", { ...valid, isAdmin: true }],
  ];
  for (const [field, value] of Object.entries(valid)) {
    variants.push([`${field} of the wrong type`, { ...valid, [field]: typeof value === "number" ? "many" : 12345 }]);
    if (typeof value === "string") variants.push([`${field} as a 2 MB string`, { ...valid, [field]: huge }]);
  }
  return variants;
}

interface RawResponse {
  id: number;
  ok: boolean;
  error?: WireError;
}

/** Sends raw envelopes, the way a compromised renderer or a buggy main could. */
function rawSender(transport: MessageTransport) {
  let nextId = 1000;
  const waiting = new Map<number, (response: RawResponse) => void>();
  transport.onMessage((message) => {
    const response = message as { kind?: string; id?: number };
    if (response.kind === "response" && typeof response.id === "number") waiting.get(response.id)?.(message as RawResponse);
  });
  return (method: string, params: unknown) =>
    new Promise<RawResponse>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      transport.send({ kind: "request", id, method, params });
    });
}

const garbageEnvelopes: unknown[] = [
  "hello",
  42,
  null,
  [],
  { kind: "request" },
  { kind: "request", id: -1, method: "chat.list", params: {} },
  { kind: "request", id: 1.5, method: "chat.list", params: {} },
  { kind: "request", id: 1, method: "x".repeat(500), params: {} },
  { kind: "request", id: 1, method: "chat.list", params: {}, extra: true },
  { kind: "launch-missiles" },
];

async function expectAllRejected(contract: Contract, valid: Record<string, Record<string, unknown>>, transport: MessageTransport) {
  const send = rawSender(transport);
  for (const [method, params] of Object.entries(valid)) {
    expect(Object.keys(contract.methods)).toContain(method);
    for (const [variant, malformed] of malformedVariants(params)) {
      const response = await send(method, malformed);
      expect(response.ok, `${method} with ${variant} must be refused`).toBe(false);
      expect(response.error?.code, `${method} with ${variant}`).toBe("BAD_REQUEST");
      expect(response.error?.message).toContain(method);
    }
  }
  const unknown = await send("engine.selfDestruct", {});
  expect(unknown.error).toMatchObject({ code: "BAD_REQUEST", message: 'Unknown method "engine.selfDestruct"' });
  for (const envelope of garbageEnvelopes) transport.send(envelope);
}

describe("every contract message is validated where it enters", () => {
  const backend = new AppBackend({ spawnEngine: spawnTestEngine(), devicePollMs: 0 });
  afterAll(() => backend.dispose());

  it("main answers BAD_REQUEST to every malformed renderer request and keeps serving", async () => {
    const [renderer, main] = memoryTransportPair();
    backend.connect(main);
    await expectAllRejected(appContract, validAppParams, renderer);
    const client = createRpcClient(renderer, appContract);
    const conversation = await client.call("chat.create", {});
    expect(await client.call("chat.get", { conversationId: conversation.id })).toMatchObject({ title: "New chat", messages: [] });
  });

  it("the engine process answers BAD_REQUEST to every malformed request from main and keeps serving", async () => {
    const engine = spawnTestEngine()();
    try {
      await expectAllRejected(engineContract, validEngineParams, engine.transport);
      const client = createRpcClient(engine.transport, engineContract);
      const model = await client.call("load", { modelPath: await tinyModel("q4_0"), ...testLoadOptions });
      expect(model.architecture).toBe("gemma2");
    } finally {
      engine.kill();
    }
  });
});
