import type { Preset, PresetDraft } from "../../../electron/common/contract/app/presets.ts";
import type { AppClient } from "../api/client.ts";
import type { AppState } from "./app-state.ts";
import { applySummary } from "./chat-state.ts";
import type { StateContainer } from "./state-container.ts";

/** Presets (built-in and the user's) and what a chat uses: its preset and its model. */
export interface PresetActions {
  load(): Promise<void>;
  /** Resolves with the saved preset, or null when it failed (reported). */
  save(draft: PresetDraft): Promise<Preset | null>;
  remove(id: string): Promise<void>;
  /** null: no preset. */
  setForChat(conversationId: string, presetId: string | null): Promise<void>;
  /** The installed model the chat answers with (main loads it). */
  setChatModel(conversationId: string, modelId: string | null): Promise<void>;
}

export function withPresets(state: AppState, presets: readonly Preset[]): AppState {
  return { ...state, presets };
}

export function createPresetActions(client: AppClient, container: StateContainer, report: (error: unknown) => void): PresetActions {
  const { update } = container;
  return {
    async load() {
      try {
        const presets = await client.call("presets.list", {});
        update((s) => withPresets(s, presets), "now");
      } catch (error) {
        report(error);
      }
    },

    async save(draft) {
      try {
        return await client.call("presets.save", { preset: draft });
      } catch (error) {
        report(error);
        return null;
      }
    },

    async remove(id) {
      try {
        await client.call("presets.delete", { id });
      } catch (error) {
        report(error);
      }
    },

    async setForChat(conversationId, presetId) {
      try {
        const summary = await client.call("chat.setPreset", { conversationId, presetId });
        update((s) => applySummary(s, summary), "now");
      } catch (error) {
        report(error);
      }
    },

    async setChatModel(conversationId, modelId) {
      try {
        const summary = await client.call("chat.setModel", { conversationId, modelId });
        update((s) => applySummary(s, summary), "now");
      } catch (error) {
        report(error);
      }
    },
  };
}
