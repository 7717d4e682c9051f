import { utilityProcess } from "electron";
import { engineProcessEnv } from "../node/services/inference/engine-env.ts";
import { OutputTail, type SpawnEngine } from "../node/services/inference/engine-process.ts";

/** Starts the engine as an Electron utility process, so a native crash never takes the window down. */
export function utilityEngine(entryPath: string): SpawnEngine {
  return () => {
    const child = utilityProcess.fork(entryPath, [], { serviceName: "Edge Gemma engine", stdio: "pipe", env: engineProcessEnv() });
    const tail = new OutputTail();
    const onOutput = (chunk: Buffer) => {
      tail.push(chunk);
      process.stderr.write(chunk);
    };
    child.stdout?.on("data", onOutput);
    child.stderr?.on("data", onOutput);
    let exitSignal: string | null = null;
    child.on("error", (type, location) => tail.push(`fatal error ${type} at ${location}\n`));
    return {
      get pid() {
        return child.pid;
      },
      transport: {
        send: (message) => child.postMessage(message),
        onMessage(listener) {
          child.on("message", listener);
          return () => child.off("message", listener);
        },
      },
      onExit: (listener) => child.once("exit", (code) => listener({ code, signal: exitSignal })),
      lastOutputLines: () => tail.get(),
      kill: () => {
        exitSignal = "SIGKILL";
        // utilityProcess.kill() sends SIGTERM, which a stopped or wedged engine may never act on: the watchdog needs it gone.
        try {
          if (child.pid !== undefined) process.kill(child.pid, "SIGKILL");
          else child.kill();
        } catch {
          child.kill();
        }
      },
    };
  };
}
