import { useCallback, useEffect, useState } from "react";
import type { RemoteModelEntry } from "../../../../electron/common/contract/app/remote.ts";
import type { AppError } from "../../../../electron/common/contract/errors.ts";
import type { RemoteServers } from "../../state/remote-state.ts";
import { useActions } from "../../state/StoreProvider.tsx";

export type ServerModels = { state: "loading" } | { state: "ready"; models: RemoteModelEntry[] } | { state: "failed"; error: AppError };

/**
 * Each server's models, asked for while the picker is open (a server is contacted only then): what is listed is what
 * the server offers now. `retry` asks one server again.
 */
export function useServerModels(servers: RemoteServers, open: boolean) {
  const { remote } = useActions();
  const [byServer, setByServer] = useState<Readonly<Record<string, ServerModels>>>({});

  const fetchModels = useCallback(
    async (id: string) => {
      setByServer((known) => ({ ...known, [id]: { state: "loading" } }));
      const result = await remote.models(id);
      setByServer((known) => ({ ...known, [id]: "failed" in result ? { state: "failed", error: result.failed } : { state: "ready", models: result.models } }));
    },
    [remote],
  );

  useEffect(() => {
    if (!open) return;
    for (const server of servers ?? []) void fetchModels(server.id);
  }, [open, servers, fetchModels]);

  return { byServer, retry: fetchModels };
}
