// @vitest-environment node
import { fork } from "node:child_process";
import * as fsPromises from "node:fs/promises";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isAtomicTempFile, writeFileAtomic, type AtomicWriteFs } from "../../electron/node/services/storage/atomic-write.ts";
import { temporaryFolder } from "./support/chat-harness.ts";

const payloadLength = 2_000_000;

const childScript = path.resolve(import.meta.dirname, "support/atomic-writer-child.ts");
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => cleanup?.());

async function folder(): Promise<string> {
  const { dir, remove } = await temporaryFolder("atomic");
  cleanup = remove;
  return dir;
}

/** The real file system, except that the temp file's fsync or the rename fails. */
function failingAt(step: "sync" | "rename"): AtomicWriteFs {
  return {
    unlink: fsPromises.unlink,
    rename: async (from, to) => {
      if (step === "rename") throw Object.assign(new Error("injected: power cut before the rename"), { code: "EIO" });
      return fsPromises.rename(from, to);
    },
    open: async (file, flags, mode) => {
      const handle = await fsPromises.open(file, flags, mode);
      if (step !== "sync" || flags !== "wx") return handle;
      return Object.assign(Object.create(handle) as fsPromises.FileHandle, {
        sync: async () => {
          throw Object.assign(new Error("injected: fsync failed"), { code: "EIO" });
        },
        writeFile: handle.writeFile.bind(handle),
        close: handle.close.bind(handle),
      });
    },
  };
}

describe("writeFileAtomic", () => {
  it("replaces the file and leaves no temp file behind", async () => {
    const file = path.join(await folder(), "chat.json");
    await writeFileAtomic(file, '{"version":1}');
    await writeFileAtomic(file, '{"version":2}');
    expect(await readFile(file, "utf8")).toBe('{"version":2}');
    expect(await readdir(path.dirname(file))).toEqual(["chat.json"]);
  });

  it.each(["sync", "rename"] as const)("keeps the previous version when the write fails at the %s step", async (step) => {
    const file = path.join(await folder(), "chat.json");
    await writeFileAtomic(file, '{"version":1}');
    await expect(writeFileAtomic(file, '{"version":2}', failingAt(step))).rejects.toThrow(/injected/);
    expect(await readFile(file, "utf8")).toBe('{"version":1}');
    expect(await readdir(path.dirname(file))).toEqual(["chat.json"]);
  });

  it("leaves a complete version when the writing process is killed at any moment", async () => {
    const dir = await folder();
    const file = path.join(dir, "chat.json");
    await writeFile(file, JSON.stringify({ version: 0, payload: "" }));
    // Killed as a write starts (it lands somewhere in the write), at different versions.
    for (const killAt of [1, 4, 9]) {
      const { lastWritten } = await runWriterUntil(file, "loop", (message) => message.started === killAt);
      await expectOneCompleteVersion(file, lastWritten, lastWritten + 1);
    }
    // Killed exactly between the synced temp file and the rename: the temp file is left over, the file is intact.
    const { lastWritten } = await runWriterUntil(file, "hold-before-rename", (message) => message.tempWritten === 3);
    expect(lastWritten).toBe(2);
    await expectOneCompleteVersion(file, 2, 2);
    expect((await readdir(dir)).filter(isAtomicTempFile)).toHaveLength(1);
  });
});

interface WriterMessage {
  started?: number;
  written?: number;
  tempWritten?: number;
}

/** Forks the writer (the real atomic-write module under tsx) and SIGKILLs it at the first message `killWhen` accepts. */
async function runWriterUntil(file: string, mode: string, killWhen: (message: WriterMessage) => boolean): Promise<{ lastWritten: number }> {
  const child = fork(childScript, [file, mode], { execArgv: ["--import", "tsx"], stdio: ["ignore", "ignore", "pipe", "ipc"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  let lastWritten = 0;
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
  child.on("message", (raw) => {
    const message = raw as WriterMessage;
    if (message.written !== undefined) lastWritten = message.written;
    if (killWhen(message)) child.kill("SIGKILL");
    else if (message.tempWritten !== undefined) child.send("go on");
  });
  expect(await exited, stderr).toBe("SIGKILL");
  return { lastWritten };
}

async function expectOneCompleteVersion(file: string, atLeast: number, atMost: number): Promise<void> {
  const saved = JSON.parse(await readFile(file, "utf8")) as { version: number; payload: string };
  expect(saved.version).toBeGreaterThanOrEqual(atLeast);
  expect(saved.version).toBeLessThanOrEqual(atMost);
  if (saved.version > 0) expect(saved.payload).toBe(String(saved.version % 10).repeat(payloadLength));
}
