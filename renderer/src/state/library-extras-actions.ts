import type { ContextUsage } from "../../../electron/common/contract/app/chat.ts";
import type { MemoryAdvice, ModelsFolder } from "../../../electron/common/contract/app/models-folder.ts";
import type { AppClient } from "../api/client.ts";

/** Questions the chat and Library screens ask main on their own: the models folder, what fits after running out of memory, the context meter. */
export interface LibraryExtrasActions {
  /** null when it could not be read (the panel then shows nothing). */
  modelsFolder(): Promise<ModelsFolder | null>;
  /** Shows the models folder in the file manager (desktop app only); false when that failed (reported). */
  openModelsFolder(): Promise<boolean>;
  memoryAdvice(): Promise<MemoryAdvice | null>;
  contextUsage(conversationId: string): Promise<ContextUsage | null>;
}

export function createLibraryExtrasActions(client: AppClient, report: (error: unknown) => void): LibraryExtrasActions {
  const quietly = async <T,>(call: () => Promise<T>): Promise<T | null> => {
    try {
      return await call();
    } catch {
      return null;
    }
  };
  return {
    modelsFolder: () => quietly(() => client.call("library.modelsFolder", {})),
    async openModelsFolder() {
      try {
        return (await client.call("library.openModelsFolder", {})).opened;
      } catch (error) {
        report(error);
        return false;
      }
    },
    memoryAdvice: () => quietly(() => client.call("library.memoryAdvice", {})),
    contextUsage: (conversationId) => quietly(() => client.call("chat.contextUsage", { conversationId })),
  };
}
