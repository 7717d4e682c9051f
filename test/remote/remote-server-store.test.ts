/**
 * The list of other computers survives a restart, keeps each API key out of the list file (in its own file, through
 * the cipher the app gives it: Electron's safeStorage), refuses an address it would not contact, and a chat whose
 * server was removed gets that reason — never another backend.
 */
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generatorFor } from "../../electron/node/remote/chat-backend.ts";
import { RemoteServerStore } from "../../electron/node/remote/remote-server-store.ts";
import { TokenStore, type SecretCipher } from "../../electron/node/services/settings/token-store.ts";
import { writeFileAtomic } from "../../electron/node/services/storage/atomic-write.ts";
import { rejection } from "../support/rejection.ts";

/** Stands in for safeStorage: reversible, and never the plain bytes. */
const reversingCipher: SecretCipher = {
  encrypted: true,
  encrypt: (plain) => Buffer.from([...Buffer.from(plain, "utf8")].reverse()),
  decrypt: (stored) => Buffer.from([...stored].reverse()).toString("utf8"),
};

/** As main builds it: the services' atomic writes, each key a TokenStore over the cipher. */
const storeIn = (dir: string | undefined, now?: () => number) =>
  new RemoteServerStore({ dir, writeFile: writeFileAtomic, secretFile: (file) => new TokenStore(file, reversingCipher), ...(now && { now }) });

describe("the list of other computers", () => {
  it("keeps servers across a restart, each key in its own encrypted file and never in the list", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-remote-"));
    const store = storeIn(dir);
    const desktop = await store.add({ name: "Desktop", kind: "ollama", address: "http://192.168.1.20:11434", apiKey: "key-abc-123" });
    await store.add({ name: "GPU box", kind: "openai-compatible", address: "https://gpu.lan:8443/v1" });
    expect(desktop).toMatchObject({ name: "Desktop", hasKey: true, insecure: true });

    const reopened = storeIn(dir);
    await reopened.load();
    expect((await reopened.list()).map(({ name, hasKey, insecure }) => ({ name, hasKey, insecure }))).toEqual([
      { name: "Desktop", hasKey: true, insecure: true },
      { name: "GPU box", hasKey: false, insecure: false },
    ]);
    const files = [await readFile(path.join(dir, "remote-servers.json"), "utf8"), ...(await Promise.all((await readdir(path.join(dir, "remote-keys"))).map((name) => readFile(path.join(dir, "remote-keys", name), "utf8"))))];
    for (const file of files) expect(file).not.toContain("key-abc-123");

    await reopened.update(desktop.id, { name: "Desktop", kind: "ollama", address: "http://192.168.1.20:11434", apiKey: null });
    expect((await reopened.list())[0]?.hasKey).toBe(false);
  });

  it("refuses an address it would not contact, saying why", async () => {
    const store = storeIn(undefined);
    const error = await rejection(store.add({ name: "Bad", kind: "openai-compatible", address: "http://me:pw@pc:8080" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("API key field");
    expect(error.details).toMatchObject({ field: "address", problem: "bad-format" });
  });

  it("sets a broken list aside and starts empty, with a notice", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-remote-"));
    await writeFile(path.join(dir, "remote-servers.json"), '{"version": 1, "servers": [');
    const store = storeIn(dir, () => 1234);
    await store.load();
    expect(await store.list()).toEqual([]);
    expect(store.notices[0]).toContain("remote-servers.json.broken-1234");
    expect(await readdir(dir)).toContain("remote-servers.json.broken-1234");
  });

  it("a chat on a removed server fails with that reason instead of switching to another backend", async () => {
    const store = storeIn(undefined);
    const server = await store.add({ name: "Desktop", kind: "ollama", address: "http://192.168.1.20:11434" });
    await store.remove(server.id);
    let localUsed = false;
    const local = async () => ((localUsed = true), { stopReason: "end" as const, stats: {} as never });
    const error = await rejection(generatorFor({ kind: "remote", serverId: server.id, model: "gemma2:27b", serverName: "Desktop" }, { local, servers: store }));
    expect(error.code).toBe("REMOTE_FAILED");
    expect(error.details).toEqual({ failure: "server-removed", serverId: server.id, serverName: "Desktop" });
    expect(error.message).toContain("“Desktop”");
    expect(localUsed).toBe(false);
  });
});
