import type { ChatBackendChoice } from "../../../electron/common/contract/app/chat.ts";
import type { RemoteModelEntry, RemoteServerEntry, RemoteServerKind } from "../../../electron/common/contract/app/remote.ts";
import { AppError, isAppError, toAppError } from "../../../electron/common/contract/errors.ts";
import type { AppClient } from "../api/client.ts";
import type { AnswerCalls } from "./answer-calls.ts";
import { applySummary } from "./chat-state.ts";
import { localBackend, withRemoteServers } from "./remote-state.ts";
import type { StateContainer } from "./state-container.ts";

/** What the Settings form sends: the key only when one was typed (undefined keeps a stored key, null forgets it). */
export interface RemoteServerDraft {
  name: string;
  kind: RemoteServerKind;
  address: string;
  apiKey?: string | null;
}

/** A form's outcome: the saved entry, or main's refusal (BAD_REQUEST, with the field it names) to show beside it. */
export type RemoteSaveResult = { saved: RemoteServerEntry } | { refused: AppError<"BAD_REQUEST"> };

/** A model list (the connection test) or why it could not be had (REMOTE_FAILED, NOT_FOUND, …). */
export type RemoteModelsResult = { models: RemoteModelEntry[] } | { failed: AppError };

export interface RemoteActions {
  load(): Promise<void>;
  add(draft: RemoteServerDraft): Promise<RemoteSaveResult | null>;
  update(id: string, draft: RemoteServerDraft): Promise<RemoteSaveResult | null>;
  /** Resolves true when it was removed (a failure is reported). */
  remove(id: string): Promise<boolean>;
  /** The server's models: what the header's picker lists, and Settings' "Test connection". */
  models(id: string): Promise<RemoteModelsResult>;
  /** Which backend (and model) the chat answers with from its next answer on. */
  setBackend(conversationId: string, backend: ChatBackendChoice): Promise<void>;
  /**
   * After a remote answer failed: this device's model continues the partial answer (or, when none arrived, answers
   * anew), and the chat stays with it — the user asked for the switch.
   */
  continueLocally(conversationId: string): Promise<void>;
}

interface Dependencies {
  answers: AnswerCalls;
  report(error: unknown): void;
}

export function createRemoteActions(client: AppClient, container: StateContainer, { answers, report }: Dependencies): RemoteActions {
  const { update } = container;
  const saved = async (call: () => Promise<RemoteServerEntry>): Promise<RemoteSaveResult | null> => {
    try {
      return { saved: await call() };
    } catch (error) {
      const appError = toAppError(error);
      if (isAppError(appError, "BAD_REQUEST")) return { refused: appError };
      report(error);
      return null;
    }
  };

  return {
    async load() {
      try {
        const { servers } = await client.call("remote.list", {});
        update((s) => withRemoteServers(s, servers), "now");
      } catch (error) {
        report(error);
      }
    },

    add: ({ apiKey, ...fields }) => saved(() => client.call("remote.add", { ...fields, ...(apiKey ? { apiKey } : {}) })),

    update: (id, { apiKey, ...fields }) => saved(() => client.call("remote.update", { id, ...fields, ...(apiKey === undefined ? {} : { apiKey }) })),

    async remove(id) {
      try {
        await client.call("remote.remove", { id });
        return true;
      } catch (error) {
        report(error);
        return false;
      }
    },

    async models(id) {
      try {
        return { models: (await client.call("remote.models", { id })).models };
      } catch (error) {
        return { failed: toAppError(error) };
      }
    },

    async setBackend(conversationId, backend) {
      try {
        const summary = await client.call("chat.setBackend", { conversationId, backend });
        update((s) => applySummary(s, summary), "now");
      } catch (error) {
        report(error);
      }
    },

    async continueLocally(conversationId) {
      const answer = container.getState().loaded[conversationId]?.messages.at(-1);
      if (answer?.role === "model" && answer.text !== "") {
        await answers.run(conversationId, (options) => client.call("chat.continue", { conversationId, backend: localBackend }, options));
        return;
      }
      // Nothing arrived before it failed: there is nothing to continue, so this device answers afresh.
      await this.setBackend(conversationId, localBackend);
      await answers.run(conversationId, (options) => client.call("chat.regenerate", { conversationId }, options));
    },
  };
}
