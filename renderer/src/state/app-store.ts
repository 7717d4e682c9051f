import type { ChatLoadProblem, ConversationSummary } from "../../../electron/common/contract/app/chat.ts";
import { i18nInstance } from "../i18n/index.ts";
import type { AppClient } from "../api/client.ts";
import { createActions, type AppActions } from "./actions.ts";
import { addNotice, applyChange, initialState, setEngine, type AppState, type Host } from "./app-state.ts";
import { removeConversation } from "./chat-state.ts";
import { animationFrameScheduler, type FrameScheduler } from "./frame-scheduler.ts";
import { libraryHostOf, subscribeLibraryEvents } from "./library-actions.ts";
import { withPresets } from "./preset-actions.ts";
import { withRemoteServers } from "./remote-state.ts";
import { withApiAccess, withSettings } from "./settings-actions.ts";
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
  /** "browser": no native file dialog (the Library's import replaces "Open GGUF file…"). */
  host?: Host;
}

function mergeSummaries(known: readonly ConversationSummary[], listed: ConversationSummary[]): ConversationSummary[] {
  const byId = new Map(listed.map((c) => [c.id, c]));
  for (const c of known) byId.set(c.id, c); // Already told by an event: at least as new.
  return [...byId.values()].sort((a, b) => b.updatedAt - a.updatedAt);
}

/** An unreadable chat file, as a dismissible notice (the other chats load). */
function problemText(problem: ChatLoadProblem): string {
  const key = problem.kind === "folder" ? "sidebar.folderProblem" : "sidebar.problem";
  return i18nInstance.t(key, { file: problem.file, reason: problem.reason });
}

/**
 * The renderer's one store. Main is authoritative: `engine.status` and `chat.changed` replace what we hold and are
 * shown at once; an answer's text (its call's progress, see answer-calls.ts) is appended at once but shown at the
 * next frame, so a burst of tokens costs one React update.
 */
export function createAppStore(client: AppClient, options: AppStoreOptions = {}): AppStore {
  const initial = options.initial ?? initialState;
  const container = createStateContainer(options.scheduler ?? animationFrameScheduler, options.host ? { ...initial, host: options.host } : initial);
  const { update } = container;
  const actions = createActions(client, container);
  const unsubscribers: (() => void)[] = [];
  let statusSeen = false;
  let activitySeen = false;

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
        client.on("chat.changed", (change) => update((s) => applyChange(s, change), "now")),
        subscribeLibraryEvents(client, libraryHostOf(container), actions.library),
        client.on("chat.deleted", ({ conversationId }) => {
          update((s) => removeConversation(s, conversationId), "now");
          // The chat on screen went: show the next one, fetching it if needed.
          const { activeId, loaded } = container.getState();
          if (activeId !== null && !loaded[activeId]) void actions.selectConversation(activeId);
        }),
        client.on("settings.changed", ({ settings }) => update((s) => withSettings(s, settings), "now")),
        client.on("apiAccess.changed", (status) => update((s) => withApiAccess(s, status), "now")),
        client.on("presets.changed", (presets) => update((s) => withPresets(s, presets), "now")),
        client.on("remote.changed", ({ servers }) => update((s) => withRemoteServers(s, servers), "now")),
        client.on("api.activity", ({ program }) => {
          activitySeen = true;
          update((s) => ({ ...s, program }), "now");
        }),
      );
      // A program already using the model when the window opened; an event that came first is newer.
      void client.call("api.getActivity", {}).then(
        ({ program }) => activitySeen || update((s) => ({ ...s, program }), "now"),
        () => undefined,
      );
      const settingsLoaded = Promise.all([actions.settings.load(), actions.presets.load(), actions.remote.load()]);
      let lastOpenId: string | null = null;
      try {
        const [status, list, chatState] = await Promise.all([
          client.call("engine.getStatus", {}),
          client.call("chat.list", {}),
          client.call("chat.state", {}).catch((error: unknown) => {
            actions.report(error);
            return { lastOpenId: null, problems: [] as ChatLoadProblem[] };
          }),
        ]);
        lastOpenId = chatState.lastOpenId;
        update((s) => {
          const withStatus = statusSeen ? s : setEngine(s, status);
          const withList = { ...withStatus, conversations: mergeSummaries(withStatus.conversations, list) };
          return chatState.problems.reduce<AppState>((state, problem) => addNotice(state, null, problemText(problem)), withList);
        }, "now");
      } catch (error) {
        actions.report(error);
        await settingsLoaded;
        return;
      }
      // Reopen the chat that was open when the app was closed, else the newest.
      const { conversations, activeId } = container.getState();
      const target = conversations.find((c) => c.id === lastOpenId) ?? conversations[0];
      if (activeId === null && target) await actions.selectConversation(target.id);
      await settingsLoaded;
      // First start (no chats, no model chosen, none loading): the Library is where a model comes from.
      const { engine, settings, screen, conversations: chats } = container.getState();
      const firstStart = chats.length === 0 && engine.state === "no-model" && settings.value?.model.activeModelPath === null;
      if (firstStart && screen === "chat") update((s) => ({ ...s, screen: "library" }), "now");
    },

    dispose() {
      for (const off of unsubscribers.splice(0)) off();
      container.dispose();
    },
  };
}
