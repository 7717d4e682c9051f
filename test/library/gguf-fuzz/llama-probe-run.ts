/** Runs llama-probe.ts on a file in a child process and says how it ended. */
import { spawn } from "node:child_process";
import path from "node:path";

export interface ProbeOutcome {
  /** The signal that ended it (SIGABRT: an assert or an uncaught C++ exception; SIGKILL: our timeout), or null. */
  signal: NodeJS.Signals | null;
  /** The last stage it reached (load, context, tokenize, detokenize, answer, done). */
  stage: string | undefined;
  /** node-llama-cpp's error, when it threw instead. */
  error: string | undefined;
  /** The GGML_ASSERT / abort line llama.cpp printed, if any. */
  abort: string | undefined;
}

export function probeLlama(file: string, timeoutMs = 120_000): Promise<ProbeOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "llama-probe.ts"), file], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (_code, signal) => {
      clearTimeout(timer);
      const lines = stdout.split("\n");
      resolve({
        signal,
        stage: lines.filter((line) => line.startsWith("stage ")).at(-1)?.slice(6),
        error: lines.find((line) => line.startsWith("error "))?.slice(6),
        abort: stderr.split("\n").find((line) => /GGML_ASSERT|GGML_ABORT|terminate called/.test(line)),
      });
    });
  });
}
