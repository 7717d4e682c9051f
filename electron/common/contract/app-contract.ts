import { apiAccessEvents, apiAccessMethods } from "./app/api-access.ts";
import { apiActivityEvents, apiActivityMethods } from "./app/api-activity.ts";
import { chatActionEvents, chatActionMethods, chatEvents, chatMethods } from "./app/chat.ts";
import { engineEvents, engineMethods } from "./app/engine.ts";
import { libraryEvents, libraryMethods } from "./app/library.ts";
import { modelsFolderMethods } from "./app/models-folder.ts";
import { networkMethods } from "./app/network.ts";
import { presetEvents, presetMethods } from "./app/presets.ts";
import { remoteEvents, remoteMethods } from "./app/remote.ts";
import { settingsEvents, settingsMethods } from "./app/settings.ts";
import { defineContract } from "../rpc/rpc-envelope.ts";

/** Renderer ↔ main. Main validates everything the renderer sends against these schemas. */
export const appContract = defineContract({
  methods: { ...engineMethods, ...chatMethods, ...chatActionMethods, ...settingsMethods, ...libraryMethods, ...modelsFolderMethods, ...presetMethods, ...networkMethods, ...remoteMethods, ...apiAccessMethods, ...apiActivityMethods },
  events: { ...engineEvents, ...chatEvents, ...chatActionEvents, ...settingsEvents, ...presetEvents, ...libraryEvents, ...remoteEvents, ...apiAccessEvents, ...apiActivityEvents },
});
export type AppContract = typeof appContract;
