import type { ApiActivity, AppContract } from "../../common/contract/index.ts";
import type { ApiAccessStatus } from "../../common/contract/app/api-access.ts";
import { AppError } from "../../common/contract/errors.ts";
import type { ServiceOf } from "../../common/rpc/service-handlers.ts";
import type { Broadcast } from "./app-broadcast.ts";

/** The local API's switchboard (electron/node/api/api-access.ts), served to the UI once it runs. */
export interface ApiAccessService {
  status(): ApiAccessStatus;
  newToken(): Promise<{ token: string; status: ApiAccessStatus }>;
  onChange(listener: (status: ApiAccessStatus) => void): () => void;
}

/**
 * The local API as the app's windows see it (the contract's `apiAccess` and `api` namespaces): its status and token
 * once it runs (the API is made after the backend, over its engine), and which program is using the model.
 */
export class ApiStatusService {
  private access: ApiAccessService | undefined;
  private activity: ApiActivity = { program: null };
  readonly apiAccess: ServiceOf<AppContract, "apiAccess"> = {
    status: () => this.accessOrFail().status(),
    newToken: () => this.accessOrFail().newToken(),
  };
  readonly api: ServiceOf<AppContract, "api"> = { getActivity: () => this.activity };

  constructor(private readonly broadcast: Broadcast) {}

  /** Serves the local API's status and token to the UI, and tells it every change. */
  serve(access: ApiAccessService): void {
    this.access = access;
    access.onChange((status) => this.broadcast("apiAccess.changed", status));
  }

  /** The local API says which program is using the model (null: none), for the status bar. */
  report(activity: ApiActivity): void {
    this.activity = activity;
    this.broadcast("api.activity", activity);
  }

  private accessOrFail(): Pick<ApiAccessService, "status" | "newToken"> {
    if (!this.access) throw new AppError("UNAVAILABLE", "The API for other programs is not part of this Edge Gemma");
    return this.access;
  }
}
