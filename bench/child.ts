/** A bench helper process (forked with tsx) answering numbered requests over Node's IPC channel. */
import { fork, type ChildProcess } from "node:child_process";

interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

export interface BenchChild {
  readonly process: ChildProcess;
  request<T>(op: string, params?: Record<string, unknown>): Promise<T>;
  /** Resolves with the first message that is not a reply (one-shot helpers report this way). */
  nextReport<T>(): Promise<T>;
  kill(): void;
}

export function forkBenchChild(entry: string, args: string[] = [], echo = false): BenchChild {
  const child = fork(entry, args, {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    serialization: "advanced",
  });
  const tail: string[] = [];
  const onOutput = (chunk: Buffer) => {
    tail.push(chunk.toString());
    if (tail.length > 50) tail.shift();
    if (echo) process.stderr.write(chunk);
  };
  child.stdout?.on("data", onOutput);
  child.stderr?.on("data", onOutput);
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const reports: ((value: unknown) => void)[] = [];
  const queuedReports: unknown[] = [];
  let exited: Error | undefined;
  child.on("message", (message: unknown) => {
    const reply = message as Partial<Reply>;
    if (typeof reply.id === "number" && pending.has(reply.id)) {
      const call = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.ok) call?.resolve(reply.result);
      else call?.reject(new Error(reply.error ?? "bench child failed"));
      return;
    }
    const waiter = reports.shift();
    if (waiter) waiter(message);
    else queuedReports.push(message);
  });
  child.on("exit", (code, signal) => {
    exited = new Error(`bench child ${entry} exited (${signal ?? code}):\n${tail.join("").slice(-3000)}`);
    for (const call of pending.values()) call.reject(exited);
    pending.clear();
  });
  return {
    process: child,
    request<T>(op: string, params: Record<string, unknown> = {}) {
      if (exited) return Promise.reject(exited);
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, op, ...params });
      });
    },
    nextReport<T>() {
      const queued = queuedReports.shift();
      if (queued !== undefined) return Promise.resolve(queued as T);
      if (exited) return Promise.reject(exited);
      return new Promise<T>((resolve, reject) => {
        reports.push(resolve as (value: unknown) => void);
        child.once("exit", () => reject(exited));
      });
    },
    kill: () => void child.kill("SIGKILL"),
  };
}

/** The child's side: serves `handlers[op](params)` for each request from the parent. */
export function serveParent(handlers: Record<string, (params: Record<string, unknown>) => Promise<unknown> | unknown>): void {
  process.on("message", (message: { id: number; op: string } & Record<string, unknown>) => {
    const handler = handlers[message.op];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown op ${message.op}`);
        return handler(message);
      })
      .then(
        (result) => process.send?.({ id: message.id, ok: true, result }),
        (error: unknown) => process.send?.({ id: message.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
  });
  process.on("disconnect", () => process.exit(0));
}
