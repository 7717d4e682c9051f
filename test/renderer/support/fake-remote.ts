import type { AppContract } from "../../../electron/common/contract/app-contract.ts";
import type { RemoteModelEntry, RemoteServerEntry } from "../../../electron/common/contract/app/remote.ts";
import { AppError } from "../../../electron/common/contract/errors.ts";
import type { Handlers } from "../../../electron/common/rpc/rpc-server.ts";

type RemoteMethod = "remote.list" | "remote.add" | "remote.update" | "remote.remove" | "remote.models";

interface Emitter {
  emit(event: "remote.changed", payload: { servers: RemoteServerEntry[] }): void;
}

/**
 * The other computers as main keeps them, in memory: entries without keys (only `hasKey`), `insecure` for plain
 * HTTP, `remote.changed` after each change. Tests say what each server offers, or how asking it fails.
 */
export class FakeRemote {
  servers: RemoteServerEntry[] = [];
  /** The keys as sent, to check one is never sent back. */
  readonly keys = new Map<string, string>();
  /** By server id: its models, or the error asking for them fails with. */
  readonly offers = new Map<string, RemoteModelEntry[] | AppError>();
  private nextId = 1;

  constructor(private readonly main: Emitter) {}

  addServer(fields: Pick<RemoteServerEntry, "name" | "kind" | "address">, models: RemoteModelEntry[] | AppError = []): RemoteServerEntry {
    const entry: RemoteServerEntry = { id: `s${this.nextId++}`, ...fields, hasKey: false, insecure: fields.address.startsWith("http:") };
    this.servers.push(entry);
    this.offers.set(entry.id, models);
    return entry;
  }

  find(id: string): RemoteServerEntry {
    const server = this.servers.find((candidate) => candidate.id === id);
    if (!server) throw new AppError("NOT_FOUND", "That server is no longer in the list of other computers.");
    return server;
  }

  changed(): void {
    this.main.emit("remote.changed", { servers: structuredClone(this.servers) });
  }
}

/** Main's address rule, as far as the renderer tests need it (electron/node/remote/remote-url.ts has all of it). */
function checkAddress(address: string): void {
  if (!/^https?:\/\/[^/?#@]+/.test(address)) {
    throw new AppError("BAD_REQUEST", "The server address must start with http:// or https://.", { field: "address", problem: "bad-format", format: "url" });
  }
}

export function remoteHandlers(remote: FakeRemote): Pick<Handlers<AppContract>, RemoteMethod> {
  return {
    "remote.list": () => ({ servers: structuredClone(remote.servers) }),
    "remote.add": ({ apiKey, ...fields }) => {
      checkAddress(fields.address);
      const entry = remote.addServer(fields);
      if (apiKey) {
        remote.keys.set(entry.id, apiKey);
        entry.hasKey = true;
      }
      remote.changed();
      return structuredClone(entry);
    },
    "remote.update": ({ id, apiKey, ...fields }) => {
      const entry = remote.find(id);
      if (fields.address !== undefined) checkAddress(fields.address);
      Object.assign(entry, fields, fields.address === undefined ? {} : { insecure: fields.address.startsWith("http:") });
      if (apiKey === null) remote.keys.delete(id);
      else if (apiKey !== undefined) remote.keys.set(id, apiKey);
      entry.hasKey = remote.keys.has(id);
      remote.changed();
      return structuredClone(entry);
    },
    "remote.remove": ({ id }) => {
      remote.find(id);
      remote.servers = remote.servers.filter((server) => server.id !== id);
      remote.keys.delete(id);
      remote.changed();
      return {};
    },
    "remote.models": ({ id }) => {
      remote.find(id);
      const offer = remote.offers.get(id) ?? [];
      if (offer instanceof AppError) throw offer;
      return { models: structuredClone(offer) };
    },
  };
}
