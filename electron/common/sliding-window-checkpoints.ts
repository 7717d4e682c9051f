/**
 * How many copies of Gemma 2's sliding-window KV cache node-llama-cpp may hold for a chat whose context is longer than
 * the window (issue #18 item 4). The engine sets it; the Library's memory estimate counts it.
 *
 * node-llama-cpp 3.22.1 copies the sequence's sliding-window cells out of llama.cpp at the start of every answer (a
 * named checkpoint, at most 1: dist/evaluator/LlamaChat/LlamaChat.js 1458-1460, LlamaContext.js 88-91) and after every
 * answer (unnamed: LlamaChat.js 250-251), keeping up to 32 unnamed ones with no memory limit by default
 * (LlamaContext.js 78-82). A copy is restored only when a removal reaches below the oldest cell the window still holds
 * (LlamaContext.js 1102-1160; the cache keeps the window plus one batch of cells, src/llama-kv-cache-iswa.cpp 73):
 * Regenerating an answer longer than a batch restores the answer's start; editing the last message restores the end
 * of the answer before it. Older copies would only speed up editing older messages, at up to the whole window's cells
 * each (221 MiB on Gemma 2 2B at 8,192 tokens), so 32 of them could take more memory than a Pi has. Two unnamed copies
 * keep Regenerate and editing the last message fast; an older edit evaluates the chat again.
 */
export const afterAnswerCheckpointsKept = 2;

/** The copies held at most: the unnamed ones plus the named one at the latest answer's start. */
export const slidingWindowCopiesHeld = afterAnswerCheckpointsKept + 1;
