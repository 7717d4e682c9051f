import { generatorFor } from "../remote/chat-backend.ts";
import type { RemoteBounds } from "../remote/remote-backend.ts";
import type { Broadcast } from "./app-broadcast.ts";
import type { ChatBackends } from "./chat/chat-dependencies.ts";
import type { ChatService } from "./chat/chat-service.ts";
import type { EngineSupervisor } from "./inference/supervisor.ts";
import { RemoteService } from "./remote/remote-service.ts";
import type { SecretCipher } from "./settings/token-store.ts";

export interface RemoteServersOptions {
  /** Where the list and keys live: beside the settings (`<userData>`); absent: in memory. */
  dir: string | undefined;
  /** Protects each key like the Hugging Face token (Electron's safeStorage). */
  cipher: SecretCipher | undefined;
  bounds: RemoteBounds | undefined;
  supervisor: EngineSupervisor;
  broadcast: Broadcast;
  /** The chats, which follow a renamed server (made after the servers: they answer through them). */
  chats: () => ChatService;
}

/**
 * Other computers in the app: the servers the user added (the contract's `remote` namespace, every change told to the
 * windows and to the chats set to a server) and the chats' backends on them.
 */
export function remoteServers(options: RemoteServersOptions): { service: RemoteService; backends: ChatBackends } {
  const { supervisor, broadcast } = options;
  const service = new RemoteService({
    dir: options.dir,
    cipher: options.cipher,
    bounds: options.bounds,
    changed: (servers) => {
      broadcast("remote.changed", { servers });
      void options.chats().serversChanged(servers).catch((error: unknown) => console.warn(`[main] chats could not follow a renamed server: ${String(error)}`));
    },
  });
  const backends: ChatBackends = {
    generatorFor: (backend) => generatorFor(backend, { local: (request, handlers) => supervisor.generate(request, handlers), servers: service }),
    serverName: (serverId) => service.nameOf(serverId),
  };
  return { service, backends };
}
