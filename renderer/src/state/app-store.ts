import type { ConversationSummary } from "../../../electron/contract/app/chat.ts";
import type { AppClient } from "../api/client.ts";
import { createActions, type AppActions } from "./actions.ts";
import { applyDelta, replaceConversation, setEngine, type AppState } from "./app-state.ts";
import { animationFrameScheduler, type FrameScheduler } from "./frame-scheduler.ts";
import { createStateContainer } from "./state-container.ts";

export interface AppStore {
  getState(): AppState;
  /** For `useSyncExternalStore`: changes at most once per animation frame while tokens stream. */
  getSnapshot(): AppState;
  subscribe(listener: () => void): () => void;
  actions: AppActions;
  /** Listens to main's events and fetches the engine status and the conversation list. */
  start(): Promise<void>;
  dispose(): void;
}

export interface AppStoreOptions {
  scheduler?: FrameScheduler;
  initial?: AppState;
}

function mergeSummaries(known: readonly ConversationSummary[], listed: ConversationSummary[]): ConversationSummary[] {
  const byId = new Map(listed.map((c) => [c.id, c]));
  for (const c of known) byId.set(c.id, c); // Already told by an event: at least as new.
  return [...byId.values()].sort((a, b) => b.updatedAt - a.updatedAt);
}

/**
 * The renderer's one store. Main is authoritative: `engine.status` and `chat.updated` replace what
 * we hold and are shown at once; `chat.delta` text is appended at once but shown at the next frame,
 * so a burst of tokens costs one React update.
 */
export function createAppStore(client: AppClient, options: AppStoreOptions = {}): AppStore {
  const container = createStateContainer(options.scheduler ?? animationFrameScheduler, options.initial);
  const { update } = container;
  const actions = createActions(client, container);
  const unsubscribers: (() => void)[] = [];
  let statusSeen = false;

  return {
    getState: container.getState,
    getSnapshot: container.getSnapshot,
    subscribe: container.subscribe,
    actions,

    async start() {
      unsubscribers.push(
        client.on("engine.status", (status) => {
          statusSeen = true;
          update((s) => setEngine(s, status), "now");
        }),
        client.on("chat.delta", (delta) => update((s) => applyDelta(s, delta), "frame")),
        client.on("chat.updated", (conversation) => update((s) => replaceConversation(s, conversation), "now")),
      );
      try {
        const [status, list] = await Promise.all([
          client.call("engine.getStatus", {}),
          client.call("chat.list", {}),
        ]);
        update((s) => {
          const withStatus = statusSeen ? s : setEngine(s, status);
          return { ...withStatus, conversations: mergeSummaries(withStatus.conversations, list) };
        }, "now");
      } catch (error) {
        actions.report(error);
        return;
      }
      const newest = container.getState().conversations[0];
      if (container.getState().activeId === null && newest) await actions.selectConversation(newest.id);
    },

    dispose() {
      for (const off of unsubscribers.splice(0)) off();
      container.dispose();
    },
  };
}
