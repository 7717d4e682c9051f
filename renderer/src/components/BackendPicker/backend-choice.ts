import type { ChatBackend } from "../../../../electron/common/contract/app/chat.ts";

/** One line of the picker: this device's engine with one of its models ("" = whichever is loaded), or a server's model. */
export type BackendChoice = { kind: "local"; modelId: string } | { kind: "remote"; serverId: string; model: string };

/** A radio button's value. */
export function choiceKey(choice: BackendChoice): string {
  return choice.kind === "local" ? `local:${choice.modelId}` : `remote:${choice.serverId}:${choice.model}`;
}

/** What the chat answers with now, as a choice. */
export function currentChoice(backend: ChatBackend | undefined, modelId: string | undefined): BackendChoice {
  return backend?.kind === "remote" ? { kind: "remote", serverId: backend.serverId, model: backend.model } : { kind: "local", modelId: modelId ?? "" };
}
