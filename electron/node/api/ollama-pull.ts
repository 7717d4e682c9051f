/**
 * /api/pull's progress lines, as Ollama writes them (docs/api.md "Pull a Model"; server/images.go PullModel and
 * server/download.go at ollama/ollama@fb30760): "pulling manifest", then "pulling <first 12 hex digits>" with the
 * layer's digest, total and completed bytes, then "verifying sha256 digest", "writing manifest" and "success".
 */
import type { PullProgress } from "./api-engine.ts";

export function pullProgressLines() {
  let verifying = false;
  return {
    get sentVerifying() {
      return verifying;
    },
    /** The line for a download update, or undefined when it adds nothing. Failures are thrown by the pull itself. */
    next(progress: PullProgress): Record<string, unknown> | undefined {
      if (progress.state === "verifying" || progress.state === "completed") {
        if (verifying) return undefined;
        verifying = true;
        return { status: "verifying sha256 digest" };
      }
      if (progress.state !== "downloading" && progress.state !== "queued") return undefined;
      return {
        status: `pulling ${progress.sha256.slice(0, 12)}`,
        digest: `sha256:${progress.sha256}`,
        total: progress.totalBytes,
        ...(progress.receivedBytes > 0 && { completed: progress.receivedBytes }),
      };
    },
  };
}
