/**
 * For the renderer measurement: a scripted engine behind the real AppBackend. The main-process side is the app's
 * own (ChatService, supervisor, the contract over the browser host's WebSocket); only the engine is replaced by a
 * script that streams a fixed Markdown answer at a steady rate, so the figures measure the renderer, not llama.cpp.
 */
import type { Conversation, ChatMessage, GenerationStats, ModelInfo } from "../electron/common/contract/index.ts";
import { engineContract, serveRpc } from "../electron/common/contract/index.ts";
import type { EngineProcess, SpawnEngine } from "../electron/node/services/inference/engine-process.ts";
import { seededRandom } from "../test/support/seeded-random.ts";
import { promptWords } from "./prompts.ts";
import { portLikeTransportPair } from "./transports.ts";

/** Splits Markdown into token-sized pieces (a word or a symbol with the whitespace before it), like a tokenizer's output. */
export function tokenPieces(text: string): string[] {
  return text.match(/\s*[A-Za-z]+|\s*\d+|\s*[^\sA-Za-z\d]|\s+/g) ?? [];
}

const codeSamples = [
  [
    "```ts",
    "export async function readSettings(file: string): Promise<Settings> {",
    "  const text = await readFile(file, \"utf8\");",
    "  const parsed = settingsSchema.safeParse(JSON.parse(text));",
    "  if (!parsed.success) throw new Error(`Invalid settings: ${parsed.error.message}`);",
    "  return parsed.data;",
    "}",
    "```",
  ],
  [
    "```python",
    "def moving_average(values, window=5):",
    "    total = 0.0",
    "    for index, value in enumerate(values):",
    "        total += value",
    "        if index >= window:",
    "            total -= values[index - window]",
    "        yield total / min(index + 1, window)",
    "```",
  ],
  [
    "```bash",
    "sudo apt-get update && sudo apt-get install -y build-essential cmake",
    "vcgencmd measure_temp && vcgencmd get_throttled",
    "free -h | grep Mem",
    "```",
  ],
].map((lines) => lines.join("\n"));

/** A model answer as Markdown: a heading, paragraphs, a list, inline code and (every other one) a code block. */
export function markdownAnswer(seed: number, paragraphs: number): string {
  const random = seededRandom(seed);
  const parts: string[] = [`### ${promptWords(seed, 4)}`];
  for (let index = 0; index < paragraphs; index++) {
    parts.push(`${promptWords(seed * 31 + index, 30 + Math.floor(random() * 30))} Use \`npm run bench\` to check.`);
    if (index % 3 === 1) {
      parts.push(["- **First**, " + promptWords(seed + index, 8), "- Then " + promptWords(seed + index + 1, 10), "- Finally `" + `step_${index}` + "`"].join("\n"));
    }
    if ((seed + index) % 2 === 0) parts.push(codeSamples[(seed + index) % codeSamples.length] ?? "");
  }
  return parts.join("\n\n");
}

/** The answer streamed during the measurement: exactly `count` pieces of Markdown with several code blocks. */
export function streamedAnswer(count: number): string[] {
  let text = "";
  for (let seed = 1000; tokenPieces(text).length < count; seed++) text += (text ? "\n\n" : "") + markdownAnswer(seed, 4);
  return tokenPieces(text).slice(0, count);
}

const fakeStats = (generatedTokens: number, totalMs: number): GenerationStats => ({
  totalMs,
  loadMs: 1000,
  promptTokens: 40,
  promptMs: 400,
  promptTokensPerSecond: 100,
  generatedTokens,
  generationMs: Math.max(totalMs - 400, 0),
  tokensPerSecond: 5.7,
  timeToFirstTokenMs: 400,
});

export const priorConversationMarker = "End of the earlier conversation for the renderer benchmark.";

/** A conversation holding `messages` earlier messages (user questions and Markdown answers, with stats). */
export function priorConversation(id: string, messages: number, now: number): Conversation {
  const list: ChatMessage[] = [];
  for (let index = 0; index < messages; index++) {
    const createdAt = now - (messages - index) * 60_000;
    list.push(
      index % 2 === 0
        ? { id: `m${index}`, role: "user", text: promptWords(index, 12 + (index % 20)), status: "complete", createdAt }
        : {
            id: `m${index}`,
            role: "model",
            text: markdownAnswer(index, 2 + (index % 3)),
            status: "complete",
            createdAt,
            stats: fakeStats(150, 30_000),
            modelName: "Scripted",
          },
    );
  }
  // A plain last paragraph the bench waits for: the list is virtualised, so "all messages in the DOM" means nothing.
  const last = list.at(-1);
  if (last) last.text += `\n\n${priorConversationMarker}`;
  return { id, title: "Renderer benchmark", createdAt: now - messages * 60_000, updatedAt: now - 1000, messages: list };
}

export interface ScriptedEngineOptions {
  pieces: readonly string[];
  intervalMs: number;
  /** Called when the scripted answer has been fully emitted. */
  onStreamed?: (emittedAt: number[]) => void;
}

export const scriptedModel: Omit<ModelInfo, "path"> = {
  name: "Scripted (renderer benchmark)",
  architecture: "gemma2",
  sizeBytes: 1_630_000_000,
  quantization: "Q4_0",
  contextSize: 8192,
  trainContextSize: 8192,
  loadMs: 1,
};

/** A SpawnEngine whose "process" is an in-memory engine-contract server answering with the scripted stream. */
export function scriptedEngine(options: ScriptedEngineOptions): SpawnEngine {
  return () => {
    const [supervisorEnd, engineEnd] = portLikeTransportPair();
    const exitListeners: ((exit: { code: number | null; signal: string | null }) => void)[] = [];
    const server = serveRpc(engineEnd, engineContract, {
      load: ({ modelPath }) => ({ ...scriptedModel, path: modelPath }),
      unload: () => ({}),
      generate: async (_request, { signal, progress }) => {
        const startedAt = performance.now();
        const emittedAt: number[] = [];
        for (const [index, piece] of options.pieces.entries()) {
          // Steady rate without drift: piece i goes out at start + (i + 1) × interval.
          const due = startedAt + (index + 1) * options.intervalMs;
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
          if (signal.aborted) break;
          emittedAt.push(performance.now());
          progress({ text: piece, tokens: 1 });
        }
        options.onStreamed?.(emittedAt);
        const stopReason = signal.aborted ? ("stopped" as const) : ("end" as const);
        return { stopReason, stats: fakeStats(emittedAt.length, performance.now() - startedAt) };
      },
    });
    const process: EngineProcess = {
      pid: undefined,
      transport: supervisorEnd,
      onExit: (listener) => void exitListeners.push(listener),
      lastOutputLines: () => [],
      kill: () => {
        server.close();
        for (const listener of exitListeners) listener({ code: null, signal: "SIGKILL" });
      },
    };
    return process;
  };
}
