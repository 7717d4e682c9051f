/**
 * Where a generated token's time goes inside node-llama-cpp. Per token it makes two native calls, each an N-API
 * AsyncWorker on libuv's pool (node-llama-cpp 3.22.1, llama/addon/AddonContext.cpp):
 *   - `decodeBatch`: AddonContextDecodeBatchWorker::Execute → llama_decode + llama_synchronize: all llama-bench does
 *     per generated token (tools/llama-bench/llama-bench.cpp, test_gen);
 *   - `sampleToken`: AddonContextSampleTokenWorker::Execute → AddonSampler::sampleAndReleaseLock: copies the logits
 *     of the whole vocabulary into candidates (AddonSampler::setTokenCandidates) and runs the sampler chain over them
 *     (llama.cpp src/llama-sampler.cpp), then accepts the token — llama-bench does none of this.
 * The rest of a token's time is JavaScript (LlamaContext.js / LlamaChat.js) and the hops between the threads.
 * This wraps the context's internal addon object to time both calls; the wrapper adds one promise per call.
 */
import type { LlamaContext } from "node-llama-cpp";

export interface NativeCallTimes {
  /** Wall time inside `decodeBatch` calls, ms, and their number. */
  decodeMs: number;
  decodes: number;
  /** Wall time inside `sampleToken` calls, ms, and their number. */
  sampleMs: number;
  samples: number;
}

export class NativeCallTimer {
  private times: NativeCallTimes = { decodeMs: 0, decodes: 0, sampleMs: 0, samples: 0 };

  constructor(context: LlamaContext) {
    const addon = (context as unknown as { _ctx?: Record<string, unknown> })._ctx;
    if (!addon) throw new Error("node-llama-cpp's context has no addon object (_ctx): its internals changed");
    this.wrap(addon, "decodeBatch", (ms) => {
      this.times.decodeMs += ms;
      this.times.decodes++;
    });
    this.wrap(addon, "sampleToken", (ms) => {
      this.times.sampleMs += ms;
      this.times.samples++;
    });
  }

  /** The calls since the last reset. */
  read(): NativeCallTimes {
    return { ...this.times };
  }

  reset(): void {
    this.times = { decodeMs: 0, decodes: 0, sampleMs: 0, samples: 0 };
  }

  private wrap(addon: Record<string, unknown>, name: string, add: (ms: number) => void): void {
    const method = addon[name];
    if (typeof method !== "function") throw new Error(`node-llama-cpp's context has no ${name}: its internals changed`);
    const original = (method as (...args: unknown[]) => Promise<unknown>).bind(addon);
    // The addon's methods are read-only properties of its prototype: shadow them with own properties.
    Object.defineProperty(addon, name, {
      value: async (...args: unknown[]) => {
        const startedAt = performance.now();
        try {
          return await original(...args);
        } finally {
          add(performance.now() - startedAt);
        }
      },
    });
  }
}
