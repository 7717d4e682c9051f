import type { TFunction } from "i18next";
import type { ChatBackend } from "../../../electron/common/contract/app/chat.ts";
import { remoteFailures, type AppError, type RemoteFailure } from "../../../electron/common/contract/errors.ts";
import { invalidFieldText } from "./invalid-field-text.ts";
import { serverById, type RemoteServers } from "./remote-state.ts";

/** t of the "remote" namespace (useTranslation("remote")). */
type RemoteT = TFunction;

function isRemoteFailure(value: unknown): value is RemoteFailure {
  return typeof value === "string" && (remoteFailures as readonly string[]).includes(value);
}

/**
 * Why a request to another computer failed, in the user's language, from the error's details (its `failure`, the HTTP
 * status); another error (a removed server, a refused request) is worded by its code, main's English as the last resort.
 */
export function remoteReason(error: AppError, t: RemoteT): string {
  if (error.code === "REMOTE_FAILED") {
    const details = error.details as { failure?: unknown; httpStatus?: number } | undefined;
    if (isRemoteFailure(details?.failure)) {
      const reason = t(`failure.${details.failure}`);
      return details.httpStatus === undefined ? reason : t("failure.withStatus", { reason, status: details.httpStatus });
    }
  }
  if (error.code === "NOT_FOUND") return t("failure.server-removed");
  return error.message;
}

/** Where a refused field goes in the form, and what to say there ("Address: must be a web address…"). */
export function refusalText(error: AppError<"BAD_REQUEST">, commonT: TFunction): { field: string; text: string } {
  const details = error.details;
  if (details !== undefined && "problem" in details) {
    return { field: details.field.split(".").at(-1) ?? "", text: invalidFieldText(details, commonT) };
  }
  return { field: "", text: error.message };
}

/** The name of the server a failed answer came from, as the user named it (its address from a bare client). */
export function failedServerName(error: AppError, backend: ChatBackend | undefined): string {
  const details = error.details as { serverName?: unknown; origin?: unknown } | undefined;
  if (typeof details?.serverName === "string") return details.serverName;
  if (backend?.kind === "remote") return backend.serverName;
  return typeof details?.origin === "string" ? details.origin : "";
}

/** A remote backend's server by its current name (renamed since: the new one), else by the name main recorded. */
export function serverNameOf(backend: Extract<ChatBackend, { kind: "remote" }>, servers: RemoteServers): string {
  return serverById(servers, backend.serverId)?.name ?? backend.serverName;
}

/** "This Pi · gemma-2-2b-it-Q4_0" or "Lab PC · gemma2:9b": who answers a chat, as the header and stats line name it. */
export function backendLabel(backend: ChatBackend | undefined, localModel: string, servers: RemoteServers, t: RemoteT): string {
  if (backend?.kind !== "remote") return t("backend.local", { model: localModel });
  return t("backend.remote", { server: serverNameOf(backend, servers), model: backend.model });
}
