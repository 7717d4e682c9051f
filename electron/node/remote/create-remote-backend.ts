/** The backend for a server the user added, by its kind. Throws RemoteAddressError for an address we won't contact. */
import { createOllamaClient } from "./ollama-client.ts";
import { createOpenAiCompatibleClient } from "./openai-compatible-client.ts";
import { defaultRemoteBounds, type RemoteBackend, type RemoteBounds, type RemoteServer } from "./remote-backend.ts";
import { parseRemoteAddress } from "./remote-url.ts";

export function createRemoteBackend(server: RemoteServer, bounds: RemoteBounds = defaultRemoteBounds): RemoteBackend {
  const address = parseRemoteAddress(server.kind, server.address);
  const apiKey = server.apiKey?.trim() || undefined;
  return server.kind === "ollama" ? createOllamaClient(address, apiKey, bounds) : createOpenAiCompatibleClient(address, apiKey, bounds);
}
