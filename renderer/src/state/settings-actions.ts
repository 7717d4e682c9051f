import type { Settings, SettingsPatch, SettingsSection } from "../../../electron/common/contract/app/settings.ts";
import { isAppError, toAppError } from "../../../electron/common/contract/errors.ts";
import type { AppClient } from "../api/client.ts";
import { i18nInstance } from "../i18n/index.ts";
import type { AppState } from "./app-state.ts";
import { invalidFieldText } from "./invalid-field-text.ts";
import type { TokenStatus } from "../../../electron/common/contract/app/network.ts";
import type { ApiAccessStatus } from "../../../electron/common/contract/app/api-access.ts";
import type { StateContainer } from "./state-container.ts";

export interface SettingsActions {
  /** The settings, what each one means (`settings.describe`) and whether a Hugging Face token is stored. */
  load(): Promise<void>;
  /** Resolves with the reason when main refuses the patch (a value out of range), else null. */
  update(patch: SettingsPatch): Promise<string | null>;
  /** Back to the defaults: one section, or all. */
  reset(section?: SettingsSection): Promise<void>;
  dismissNotices(): Promise<void>;
  /** Stores (or with null forgets) the Hugging Face token; resolves with the reason it was refused, else null. */
  setToken(token: string | null): Promise<string | null>;
  /** A new API token for devices on the network (the old one stops working); the token, shown once, or null on failure. */
  newApiToken(): Promise<string | null>;
}

export function withSettings(state: AppState, value: Settings): AppState {
  return state.settings.value === value ? state : { ...state, settings: { ...state.settings, value } };
}

export function withApiAccess(state: AppState, apiAccess: ApiAccessStatus): AppState {
  return { ...state, settings: { ...state.settings, apiAccess } };
}

function withToken(state: AppState, token: TokenStatus): AppState {
  return { ...state, settings: { ...state.settings, token } };
}

/**
 * A refusal to show next to the form ("Not saved: must be at most 2"), worded from the error's details, or undefined
 * for any other failure (reported as a banner).
 */
function refusal(error: unknown): string | undefined {
  const appError = toAppError(error);
  if (!isAppError(appError, "BAD_REQUEST")) return undefined;
  const field = appError.details !== undefined && "problem" in appError.details ? appError.details : { field: "", problem: "invalid" as const };
  return i18nInstance.t("settings.refused", { reason: invalidFieldText(field, i18nInstance.t) });
}

export function createSettingsActions(client: AppClient, container: StateContainer, report: (error: unknown) => void): SettingsActions {
  const { update } = container;

  return {
    async load() {
      const [got, descriptions, token, apiAccess] = await Promise.allSettled([
        client.call("settings.get", {}),
        client.call("settings.describe", {}),
        client.call("network.tokenStatus", {}),
        client.call("apiAccess.status", {}),
      ]);
      update((s) => {
        const settings = { ...s.settings };
        if (got.status === "fulfilled") Object.assign(settings, { value: got.value.settings, notices: got.value.notices });
        if (descriptions.status === "fulfilled") settings.descriptions = descriptions.value;
        if (token.status === "fulfilled") settings.token = token.value;
        if (apiAccess.status === "fulfilled") settings.apiAccess = apiAccess.value;
        return { ...s, settings };
      }, "now");
      if (got.status === "rejected") report(got.reason);
    },

    async update(patch) {
      try {
        const settings = await client.call("settings.update", { patch });
        update((s) => withSettings(s, settings), "now");
        return null;
      } catch (error) {
        const reason = refusal(error);
        if (reason === undefined) report(error);
        return reason ?? null;
      }
    },

    async reset(section) {
      try {
        const settings = await client.call("settings.reset", section ? { section } : {});
        update((s) => withSettings(s, settings), "now");
      } catch (error) {
        report(error);
      }
    },

    async dismissNotices() {
      update((s) => ({ ...s, settings: { ...s.settings, notices: [] } }), "now");
      try {
        await client.call("settings.dismissNotices", {});
      } catch (error) {
        report(error);
      }
    },

    async newApiToken() {
      try {
        const { token, status } = await client.call("apiAccess.newToken", {});
        update((s) => withApiAccess(s, status), "now");
        return token;
      } catch (error) {
        report(error);
        return null;
      }
    },

    async setToken(token) {
      try {
        const status = await client.call("network.setToken", { token });
        update((s) => withToken(s, status), "now");
        return null;
      } catch (error) {
        const reason = refusal(error);
        if (reason === undefined) report(error);
        return reason ?? null;
      }
    },
  };
}
