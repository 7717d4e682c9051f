import { fork } from "node:child_process";
import type { MessageTransport } from "../../../common/contract/index.ts";
import { engineProcessEnv } from "./engine-env.ts";

export interface EngineExit {
  code: number | null;
  signal: string | null;
}

/** A running engine process, however it was started (Electron utility process or Node fork). */
export interface EngineProcess {
  readonly pid: number | undefined;
  readonly transport: MessageTransport;
  onExit(listener: (exit: EngineExit) => void): void;
  /** The last lines the process wrote to stderr/stdout, for crash reports. */
  lastOutputLines(): string[];
  kill(): void;
}

export type SpawnEngine = () => EngineProcess;

const keptOutputLines = 40;

/** Keeps the tail of a process's output, line by line. */
export class OutputTail {
  private lines: string[] = [];
  private partial = "";

  push(chunk: Buffer | string): void {
    const parts = (this.partial + chunk.toString()).split("\n");
    this.partial = parts.pop() ?? "";
    this.lines.push(...parts.filter((line) => line.trim() !== ""));
    if (this.lines.length > keptOutputLines) this.lines = this.lines.slice(-keptOutputLines);
  }

  get(): string[] {
    return this.partial.trim() ? [...this.lines, this.partial] : [...this.lines];
  }
}

export interface ForkOptions {
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  /** Echo the engine's output to this process's stderr (off in tests, on in the browser host). */
  echoOutput?: boolean;
}

/** Starts the engine entry with child_process.fork: used by tests, benchmarks and the browser host. */
export function forkEngine(entryPath: string, options: ForkOptions = {}): SpawnEngine {
  return () => {
    const child = fork(entryPath, [], {
      execArgv: options.execArgv ?? [],
      env: options.env ?? engineProcessEnv(),
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      serialization: "advanced",
    });
    const tail = new OutputTail();
    const onOutput = (chunk: Buffer) => {
      tail.push(chunk);
      if (options.echoOutput) process.stderr.write(chunk);
    };
    child.stdout?.on("data", onOutput);
    child.stderr?.on("data", onOutput);
    child.on("error", (error) => tail.push(`spawn error: ${error.message}\n`));
    return {
      pid: child.pid,
      transport: {
        send: (message) => {
          if (child.connected) child.send(message as object);
        },
        onMessage(listener) {
          child.on("message", listener);
          return () => child.off("message", listener);
        },
      },
      onExit: (listener) => child.once("exit", (code, signal) => listener({ code, signal })),
      lastOutputLines: () => tail.get(),
      kill: () => void child.kill("SIGKILL"),
    };
  };
}
