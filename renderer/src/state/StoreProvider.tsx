import { createContext, useContext, useSyncExternalStore, type ReactNode } from "react";
import type { AppActions } from "./actions.ts";
import type { AppState } from "./app-state.ts";
import type { AppStore } from "./app-store.ts";

const StoreContext = createContext<AppStore | null>(null);

export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error("useAppState / useActions need a <StoreProvider>");
  return store;
}

/**
 * The one hook that mirrors the app store into React. The selector must return a value already in
 * the state (or a primitive), not build a new object, or every snapshot would look changed.
 */
export function useAppState<T>(selector: (state: AppState) => T): T {
  const store = useStore();
  return useSyncExternalStore(store.subscribe, () => selector(store.getSnapshot()));
}

export function useActions(): AppActions {
  return useStore().actions;
}
