import type { ErrorCode } from "../../../common/contract/index.ts";
import type { EngineExit } from "./engine-process.ts";

const outOfMemoryPattern = /out of memory|failed to allocate|bad_alloc|cannot allocate|oom/i;

/** Turns an unexpected exit into a sentence a user can act on, recognising out-of-memory. */
export function describeExit(exit: EngineExit, lastLines: readonly string[]): { code: ErrorCode; reason: string } {
  const output = lastLines.join("\n");
  if (outOfMemoryPattern.test(output)) {
    return { code: "OUT_OF_MEMORY", reason: "it ran out of memory — try a smaller quantization or a shorter context" };
  }
  if (exit.signal === "SIGKILL") {
    return { code: "ENGINE_CRASHED", reason: "it was killed (SIGKILL) — by the system's out-of-memory killer or another program" };
  }
  if (exit.signal) return { code: "ENGINE_CRASHED", reason: `it was terminated by signal ${exit.signal}` };
  return { code: "ENGINE_CRASHED", reason: `it exited with code ${exit.code ?? "unknown"}` };
}
