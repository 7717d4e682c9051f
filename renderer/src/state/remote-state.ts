import type { ChatBackendChoice } from "../../../electron/common/contract/app/chat.ts";
import type { RemoteServerEntry } from "../../../electron/common/contract/app/remote.ts";
import type { AppState } from "./app-state.ts";

/** The other computers the user added (main's list, `remote.list` then `remote.changed`); null until first loaded. */
export type RemoteServers = readonly RemoteServerEntry[] | null;

export function withRemoteServers(state: AppState, servers: readonly RemoteServerEntry[]): AppState {
  return { ...state, remoteServers: servers };
}

export function serverById(servers: RemoteServers, id: string): RemoteServerEntry | undefined {
  return servers?.find((server) => server.id === id);
}

/** The backend a chat without one answers with: this device's engine. */
export const localBackend: ChatBackendChoice = { kind: "local" };
