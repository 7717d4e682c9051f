/**
 * Which backend answers a chat: the local engine or a model on a server the user added. A chat remembers its choice;
 * the answer path asks for the generator of that choice and calls it as it calls the engine — `generate(request,
 * {signal, onDelta})` resolving to {stopReason, stats}. A choice that can't be served fails with its reason (the
 * server was removed: REMOTE_FAILED "server-removed", naming it): nothing ever switches backend silently.
 */
import type { ChatBackend, GenerationRequest, GenerationResult } from "../../common/contract/index.ts";
import type { RemoteBackend } from "./remote-backend.ts";
import { RemoteError } from "./remote-errors.ts";
import { generateRemote, type GenerateHandlers } from "./remote-generate.ts";

/** A chat's backend; a remote one may carry the server's name as the chat recorded it (to name it if it is gone). */
export type ChatBackendChoice = { kind: "local" } | { kind: "remote"; serverId: string; model: string; serverName?: string | undefined };
export type { ChatBackend };

export type Generate = (request: GenerationRequest, handlers: GenerateHandlers) => Promise<GenerationResult>;

export interface BackendSources {
  /** The local engine's generate (the supervisor's). */
  local: Generate;
  /** The servers the user added (RemoteServerStore); `backendFor` throws "server-removed" for one no longer there. */
  servers: { backendFor(serverId: string): Promise<RemoteBackend> };
}

export async function generatorFor(choice: ChatBackendChoice, sources: BackendSources): Promise<Generate> {
  if (choice.kind === "local") return sources.local;
  const server = { id: choice.serverId, name: choice.serverName };
  const named = (error: unknown) => (error instanceof RemoteError ? error.forServer(server) : error);
  let backend: RemoteBackend;
  try {
    backend = await sources.servers.backendFor(choice.serverId);
  } catch (error) {
    throw named(error);
  }
  return async (request, handlers) => {
    try {
      return await generateRemote(backend, choice.model, request, handlers);
    } catch (error) {
      throw named(error);
    }
  };
}
