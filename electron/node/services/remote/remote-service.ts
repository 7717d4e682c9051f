/**
 * The "remote" namespace of the app contract: the other computers the user added (node/remote's RemoteServerStore,
 * each key in a TokenStore: safeStorage in the desktop app), their models, and the backend a chat set to one of them
 * talks to. Every failure of a server names it by the name the user gave it.
 */
import type { AppContract } from "../../../common/contract/app-contract.ts";
import type { RemoteModelEntry, RemoteServerEntry } from "../../../common/contract/app/remote.ts";
import { AppError } from "../../../common/contract/errors.ts";
import type { ServiceOf } from "../../../common/rpc/service-handlers.ts";
import type { RemoteBackend, RemoteBounds, RemoteModel } from "../../remote/remote-backend.ts";
import { RemoteError } from "../../remote/remote-errors.ts";
import { RemoteServerStore } from "../../remote/remote-server-store.ts";
import type { SecretCipher } from "../settings/token-store.ts";
import { TokenStore } from "../settings/token-store.ts";
import { writeFileAtomic } from "../storage/atomic-write.ts";

type RemoteApi = ServiceOf<AppContract, "remote">;
type Params<M extends keyof RemoteApi> = Parameters<RemoteApi[M]>[0];

export interface RemoteServiceOptions {
  /** Where the list and the keys live (`<userData>`); absent: in memory. */
  dir?: string | undefined;
  /** Protects each key at rest (Electron's safeStorage); unencrypted without it, like the Hugging Face token. */
  cipher?: SecretCipher | undefined;
  /** The timeouts and size limits of every request (tests shorten them). */
  bounds?: RemoteBounds | undefined;
  /** The whole list, after every change (`remote.changed`). */
  changed(servers: RemoteServerEntry[]): void;
}

/** "gemma2:27b (27.2B, Q4_0)": the server's name for the model and what it says of its size. */
export function modelLabel(model: RemoteModel): string {
  const facts = [model.parameterSize, model.quantization].filter((fact) => fact !== undefined && fact !== "");
  return facts.length === 0 ? model.id : `${model.id} (${facts.join(", ")})`;
}

export class RemoteService implements RemoteApi {
  readonly store: RemoteServerStore;

  constructor(private readonly options: RemoteServiceOptions) {
    this.store = new RemoteServerStore({ dir: options.dir, writeFile: writeFileAtomic, secretFile: (file) => new TokenStore(file, options.cipher) });
  }

  async start(): Promise<void> {
    await this.store.load();
    for (const notice of this.store.notices) console.warn(`[main] ${notice}`);
  }

  async list(): Promise<{ servers: RemoteServerEntry[] }> {
    return { servers: await this.store.list() };
  }

  async add({ apiKey, ...server }: Params<"add">): Promise<RemoteServerEntry> {
    const entry = await this.store.add({ ...server, ...(apiKey !== undefined && { apiKey }) });
    await this.announce();
    return entry;
  }

  async update({ id, apiKey, ...changes }: Params<"update">): Promise<RemoteServerEntry> {
    const { name, kind, address } = this.store.find(id);
    const fields = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    const entry = await this.store.update(id, { name, kind, address, ...fields, ...(apiKey !== undefined && { apiKey }) });
    await this.announce();
    return entry;
  }

  async remove({ id }: Params<"remove">): Promise<Record<string, never>> {
    await this.store.remove(id);
    await this.announce();
    return {};
  }

  async models({ id }: Params<"models">, context?: { signal?: AbortSignal }): Promise<{ models: RemoteModelEntry[] }> {
    const backend = await this.backendFor(id);
    try {
      const models = await backend.listModels(context?.signal);
      return { models: models.slice(0, 1000).map((model) => ({ id: model.id, label: modelLabel(model) })) };
    } catch (error) {
      throw error instanceof RemoteError ? error.forServer({ id, name: this.store.find(id).name }) : error;
    }
  }

  /** The backend of a server in the list, or REMOTE_FAILED "server-removed". */
  backendFor(id: string): Promise<RemoteBackend> {
    return this.store.backendFor(id, this.options.bounds);
  }

  /** The name the user gave the server; REMOTE_FAILED "server-removed" when it is no longer in the list. */
  nameOf(id: string): string {
    try {
      return this.store.find(id).name;
    } catch (error) {
      if (error instanceof AppError && error.code === "NOT_FOUND") {
        throw new RemoteError("server-removed", "That server is no longer in the list of other computers.", undefined, undefined, "", { id });
      }
      throw error;
    }
  }

  private async announce(): Promise<void> {
    this.options.changed(await this.store.list());
  }
}
