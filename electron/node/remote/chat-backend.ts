/**
 * Which backend answers a chat: the local engine or a model on a server the user added. A chat remembers its choice;
 * the answer path asks for the generator of that choice and calls it as it calls the engine — `generate(request,
 * {signal, onDelta})` resolving to {stopReason, stats}. A choice that can't be served fails with its reason (the
 * server was removed): nothing ever switches backend silently.
 */
import type { GenerationRequest, GenerationResult } from "../../common/contract/index.ts";
import type { RemoteBackend } from "./remote-backend.ts";
import { generateRemote, type GenerateHandlers } from "./remote-generate.ts";

export type ChatBackendChoice = { kind: "local" } | { kind: "remote"; serverId: string; model: string };

export type Generate = (request: GenerationRequest, handlers: GenerateHandlers) => Promise<GenerationResult>;

export interface BackendSources {
  /** The local engine's generate (the supervisor's). */
  local: Generate;
  /** The servers the user added (RemoteServerStore). */
  servers: { backendFor(serverId: string): Promise<RemoteBackend> };
}

export async function generatorFor(choice: ChatBackendChoice, sources: BackendSources): Promise<Generate> {
  if (choice.kind === "local") return sources.local;
  const backend = await sources.servers.backendFor(choice.serverId);
  return (request, handlers) => generateRemote(backend, choice.model, request, handlers);
}
