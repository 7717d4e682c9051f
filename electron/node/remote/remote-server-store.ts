/**
 * The other computers the user added: a list in `<userData>/remote-servers.json` (validated on read; a broken file is
 * set aside as `remote-servers.json.broken-<time>` and the list starts empty), each server's API key in its own file
 * beside it, protected like the Hugging Face token. The list never holds a key, so exporting or logging it can't leak
 * one. The file writing and the key files come from whoever builds the store (main and the host pass the services'
 * writeFileAtomic and a TokenStore over Electron's safeStorage), so this layer stays a plain HTTP client's.
 */
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { AppError } from "../../common/contract/errors.ts";
import { createRemoteBackend } from "./create-remote-backend.ts";
import { RemoteError } from "./remote-errors.ts";
import type { RemoteBackend, RemoteBounds } from "./remote-backend.ts";
import { parseRemoteAddress, RemoteAddressError } from "./remote-url.ts";

const serverIdSchema = z.string().regex(/^[\w-]{1,100}$/);
const storedServerSchema = z.strictObject({
  id: serverIdSchema,
  name: z.string().trim().min(1).max(100),
  kind: z.enum(["ollama", "openai-compatible"]),
  address: z.string().min(1).max(2000),
});
const storedListSchema = z.strictObject({ version: z.literal(1), servers: z.array(storedServerSchema).max(100) });
export type StoredRemoteServer = z.infer<typeof storedServerSchema>;

export interface RemoteServerEntry extends StoredRemoteServer {
  hasKey: boolean;
  /** Plain HTTP: what is sent (the key included) crosses the network unencrypted. */
  insecure: boolean;
}

export interface RemoteServerInput {
  name: string;
  kind: StoredRemoteServer["kind"];
  address: string;
  /** undefined: keep the key as it is; null: forget it. */
  apiKey?: string | null;
}

/** A stored secret, as the services' TokenStore keeps one. */
export interface SecretFile {
  get(): Promise<string | undefined>;
  /** Stores the secret, or with null forgets it (its file removed). */
  setToken(change: { token: string | null }): Promise<unknown>;
}

export interface RemoteServerFiles {
  /** Where the list and the keys live; absent: in memory only (tests, a throwaway host). */
  dir?: string | undefined;
  /** Replaces a file atomically (the services' writeFileAtomic). */
  writeFile(file: string, text: string): Promise<void>;
  /** The key file at this path, encrypted at rest where the platform can (a TokenStore over safeStorage). */
  secretFile(file: string | undefined): SecretFile;
  now?: () => number;
}

export class RemoteServerStore {
  private servers: StoredRemoteServer[] = [];
  private writing: Promise<void> = Promise.resolve();
  private readonly keys = new Map<string, SecretFile>();
  readonly notices: string[] = [];

  constructor(private readonly files: RemoteServerFiles) {}

  private get listFile(): string | undefined {
    return this.files.dir && path.join(this.files.dir, "remote-servers.json");
  }

  private keyStore(id: string): SecretFile {
    let key = this.keys.get(id);
    if (!key) {
      key = this.files.secretFile(this.files.dir && path.join(this.files.dir, "remote-keys", `${serverIdSchema.parse(id)}.key`));
      this.keys.set(id, key);
    }
    return key;
  }

  async load(): Promise<void> {
    const file = this.listFile;
    if (!file) return;
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch {
      return;
    }
    let parsed: ReturnType<typeof storedListSchema.safeParse> | undefined;
    try {
      parsed = storedListSchema.safeParse(JSON.parse(text));
    } catch {
      parsed = undefined;
    }
    if (parsed?.success) {
      this.servers = parsed.data.servers;
      return;
    }
    const aside = `${file}.broken-${(this.files.now ?? Date.now)()}`;
    await rename(file, aside);
    this.notices.push(`The list of other computers could not be read; it was set aside as ${path.basename(aside)}.`);
  }

  async list(): Promise<RemoteServerEntry[]> {
    return Promise.all(this.servers.map(async (server) => this.entry(server)));
  }

  async add(input: RemoteServerInput): Promise<RemoteServerEntry> {
    const server = this.validated({ id: randomUUID(), ...input });
    this.servers = [...this.servers, server];
    await this.save();
    if (input.apiKey) await this.keyStore(server.id).setToken({ token: input.apiKey });
    return this.entry(server);
  }

  async update(id: string, input: RemoteServerInput): Promise<RemoteServerEntry> {
    this.find(id);
    const server = this.validated({ id, ...input });
    this.servers = this.servers.map((existing) => (existing.id === id ? server : existing));
    await this.save();
    if (input.apiKey !== undefined) await this.keyStore(id).setToken({ token: input.apiKey || null });
    return this.entry(server);
  }

  async remove(id: string): Promise<void> {
    this.find(id);
    this.servers = this.servers.filter((server) => server.id !== id);
    await this.save();
    await this.keyStore(id).setToken({ token: null });
  }

  /** The backend a chat talks to; REMOTE_FAILED "server-removed" for a server removed since (never another one instead). */
  async backendFor(id: string, bounds?: RemoteBounds): Promise<RemoteBackend> {
    const server = this.servers.find((candidate) => candidate.id === id);
    if (!server) throw new RemoteError("server-removed", "That server is no longer in the list of other computers.", undefined, undefined, "", { id });
    return createRemoteBackend({ kind: server.kind, address: server.address, apiKey: await this.keyStore(id).get() }, bounds);
  }

  /** The server with this id as stored (NOT_FOUND when there is none). */
  find(id: string): StoredRemoteServer {
    const server = this.servers.find((candidate) => candidate.id === id);
    if (!server) throw new AppError("NOT_FOUND", "That server is no longer in the list of other computers.");
    return server;
  }

  private validated(candidate: StoredRemoteServer & { apiKey?: string | null }): StoredRemoteServer {
    const { apiKey: _apiKey, ...fields } = candidate;
    const parsed = storedServerSchema.safeParse(fields);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError("BAD_REQUEST", `Invalid server: ${issue?.message ?? "invalid"}`, { field: issue?.path.join(".") ?? "", problem: "invalid" });
    }
    try {
      parseRemoteAddress(parsed.data.kind, parsed.data.address);
    } catch (error) {
      if (error instanceof RemoteAddressError) throw new AppError("BAD_REQUEST", error.message, { field: "address", problem: "bad-format", format: "url" });
      throw error;
    }
    return { ...parsed.data, address: parsed.data.address.trim() };
  }

  private async entry(server: StoredRemoteServer): Promise<RemoteServerEntry> {
    return { ...server, hasKey: (await this.keyStore(server.id).get()) !== undefined, insecure: parseRemoteAddress(server.kind, server.address).insecure };
  }

  private async save(): Promise<void> {
    const file = this.listFile;
    if (!file) return;
    const text = `${JSON.stringify({ version: 1, servers: this.servers }, null, 2)}\n`;
    // One write at a time, in order: the last list saved is the last one written.
    const write = this.writing.catch(() => undefined).then(async () => {
      await mkdir(path.dirname(file), { recursive: true });
      await this.files.writeFile(file, text);
    });
    this.writing = write;
    await write;
  }
}
