import { AppError, type ChatBackend, type ChatBackendChoice, type Conversation } from "../../../common/contract/index.ts";
import type { ChatBackends, ChatEngine, GenerateAnswer } from "./chat-dependencies.ts";

const unavailable = () => new AppError("UNAVAILABLE", "Other computers can't answer chats here");

/** A chat's backend as it records it: a remote server with its name (REMOTE_FAILED "server-removed" if it is gone). */
export function recordedBackend(choice: ChatBackendChoice, backends: ChatBackends | undefined): ChatBackend {
  if (choice.kind === "local") return { kind: "local" };
  if (!backends) throw unavailable();
  return { ...choice, serverName: backends.serverName(choice.serverId) };
}

/** Who generates a chat's answers: the engine for a local chat, the chat's server for a remote one (never the other). */
export function answerGenerator(engine: ChatEngine, backends: ChatBackends | undefined): (backend: ChatBackend) => Promise<GenerateAnswer> {
  return async (backend) => {
    if (backend.kind === "local") return (request, options) => engine.generate(request, options);
    if (!backends) throw unavailable();
    return backends.generatorFor(backend);
  };
}

/** Gives the chat its server's current name; true when it changed. */
export function renameServer(conversation: Conversation, servers: readonly { id: string; name: string }[]): boolean {
  const backend = conversation.backend;
  if (backend?.kind !== "remote") return false;
  const name = servers.find((server) => server.id === backend.serverId)?.name;
  if (name === undefined || name === backend.serverName) return false;
  conversation.backend = { ...backend, serverName: name };
  return true;
}
