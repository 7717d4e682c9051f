/**
 * Plain node-llama-cpp, none of our code: loads the GGUF named on the command line the way the engine does
 * (electron/engine/engine.ts: CPU, a context, a chat session), tokenizes and detokenizes user text and every token,
 * and answers a few tokens. Run in a child process (`node --import tsx llama-probe.ts <file>`, `probeLlama`): a
 * GGML_ASSERT or an uncaught C++ exception ends it with SIGABRT, which is what the engine would die of. It prints
 * "stage <name>" as it goes, and "error <message>" when node-llama-cpp throws instead.
 */
import { getLlama, LlamaChatSession, LlamaLogLevel } from "node-llama-cpp";

const file = process.argv[2]!;
const stage = (name: string) => console.log(`stage ${name}`);
const texts = ["Hello, world!", "Привет, мы", "日本語のテキスト 🤖", "<start_of_turn>user\n<end_of_turn>", "\u0000\u0001\t\r\n  ", "a".repeat(300)];

const llama = await getLlama({ gpu: false, build: "never", progressLogs: false, logLevel: LlamaLogLevel.error });
try {
  stage("load");
  const model = await llama.loadModel({ modelPath: file, gpuLayers: 0 });
  stage("context");
  const context = await model.createContext({ contextSize: 256, threads: 1 });
  stage("tokenize");
  for (const text of texts) model.detokenize(model.tokenize(text));
  for (const text of texts) model.tokenize(text, true);
  stage("detokenize");
  const count = model.fileInfo.metadata.tokenizer.ggml.tokens.length;
  for (let token = 0; token < count; token++) model.detokenize([token as never], true);
  stage("answer");
  const session = new LlamaChatSession({ contextSequence: context.getSequence() });
  await session.prompt("Привет, hello", { maxTokens: 4 });
  stage("done");
} catch (error) {
  console.log(`error ${error instanceof Error ? error.message : String(error)}`.slice(0, 300));
}
process.exit(0);
