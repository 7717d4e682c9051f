import type { CatalogListing, DeviceInfo, DownloadJob, FoundModel, ImportMode, InstalledListing, InstalledModel } from "../../../electron/common/contract/app/library.ts";
import type { WireError } from "../../../electron/common/contract/errors.ts";


/** The user's "Check online": the only thing that makes the Library read the remote GGUF headers. */
export type OnlineCheckState =
  | { status: "idle" }
  | { status: "running" }
  | { status: "done"; headersRead: number }
  | { status: "failed"; error: WireError };

/** The one import the screen runs at a time. */
export type ImportState =
  | { status: "idle" }
  | { status: "running"; path: string; mode: ImportMode; copiedBytes: number; totalBytes: number | null }
  | { status: "done"; path: string; model: InstalledModel; warnings: readonly string[] }
  | { status: "failed"; path: string; error: WireError };

/** A list fetched from main: null until the first answer, with the last error (shown with "Try again"). */
export interface Loadable<T> {
  value: T | null;
  loading: boolean;
  error: WireError | null;
}

/** The model library screen, the device panel and the status-bar temperature. Main is authoritative. */
export interface LibraryState {
  /** The context size the catalog's fit figures are for. */
  contextSize: number;
  catalog: Loadable<CatalogListing>;
  installed: Loadable<InstalledListing>;
  /** Every download main knows of, in the order they appeared. */
  jobs: readonly DownloadJob[];
  /** `downloads.start` that failed before a job existed (offline, gated, disk), by variant id. */
  startErrors: Readonly<Record<string, WireError>>;
  /** Variants with a `downloads.start` in flight. */
  starting: Readonly<Record<string, true>>;
  /** A download attempt said the network is unreachable; cleared by the next successful start. */
  offline: boolean;
  /** The Gemma Terms of Use were accepted in this session (asked before the first download). */
  termsAccepted: boolean;
  device: DeviceInfo | null;
  importing: ImportState;
  onlineCheck: OnlineCheckState;
  /** Gemma 2 files in Ollama's / Hugging Face's folders on this device, not yet in the library. */
  found: Loadable<readonly FoundModel[]>;
  /** A found file being checked before use (by path), or what went wrong with it. */
  adopting: Readonly<Record<string, { error: WireError | null }>>;
}

export const contextSizeChoices = [2048, 4096, 8192] as const;
export const defaultContextSize = 4096;

const empty = { value: null, loading: false, error: null } as const;

export const initialLibraryState: LibraryState = {
  contextSize: defaultContextSize,
  catalog: empty,
  installed: empty,
  jobs: [],
  startErrors: {},
  starting: {},
  offline: false,
  termsAccepted: false,
  device: null,
  importing: { status: "idle" },
  onlineCheck: { status: "idle" },
  found: empty,
  adopting: {},
};

export function loading<T>(slot: Loadable<T>): Loadable<T> {
  return { ...slot, loading: true };
}

export function loaded<T>(value: T): Loadable<T> {
  return { value, loading: false, error: null };
}

export function failed<T>(slot: Loadable<T>, error: WireError): Loadable<T> {
  return { ...slot, loading: false, error };
}

export function isOffline(error: WireError | null | undefined): boolean {
  return error?.code === "UNAVAILABLE" && error.details?.offline === true;
}

/** A `downloads.progress` event or a call's answer: replaces the job (a cancelled one disappears). */
export function upsertJob(state: LibraryState, job: DownloadJob): LibraryState {
  const index = state.jobs.findIndex((j) => j.id === job.id);
  const jobs =
    job.state === "cancelled"
      ? state.jobs.filter((j) => j.id !== job.id)
      : index === -1
        ? [...state.jobs, job]
        : state.jobs.with(index, job);
  const offline = job.state === "failed" ? state.offline || isOffline(job.error) : state.offline;
  return { ...state, jobs, offline };
}

export function removeJob(state: LibraryState, id: string): LibraryState {
  return { ...state, jobs: state.jobs.filter((j) => j.id !== id) };
}

/** `downloads.list`: main's list, in our order where we already knew a job. */
export function replaceJobs(state: LibraryState, jobs: readonly DownloadJob[]): LibraryState {
  const known = state.jobs.map((j) => j.id);
  const rank = (job: DownloadJob) => (known.includes(job.id) ? known.indexOf(job.id) : Number.MAX_SAFE_INTEGER);
  return { ...state, jobs: jobs.filter((j) => j.state !== "cancelled").toSorted((a, b) => rank(a) - rank(b)) };
}

export function setStarting(state: LibraryState, variantId: string, on: boolean): LibraryState {
  const { [variantId]: _was, ...rest } = state.starting;
  return { ...state, starting: on ? { ...rest, [variantId]: true } : rest };
}

export function setStartError(state: LibraryState, variantId: string, error: WireError | null): LibraryState {
  const { [variantId]: _was, ...rest } = state.startErrors;
  if (error === null) return { ...state, startErrors: rest };
  return { ...state, startErrors: { ...rest, [variantId]: error }, offline: state.offline || isOffline(error) };
}

/** The download of a catalog variant, if there is one. */
export function jobForVariant(state: LibraryState, variantId: string): DownloadJob | undefined {
  return state.jobs.find((j) => j.variantId === variantId);
}

/** `library.importProgress` for the import running now (another path's progress is ignored). */
export function importProgress(state: LibraryState, path: string, copiedBytes: number, totalBytes: number): LibraryState {
  const current = state.importing;
  if (current.status !== "running" || current.path !== path) return state;
  return { ...state, importing: { ...current, copiedBytes, totalBytes } };
}

/** The Raspberry Pi is slowing its CPU down, or about to (≥ 80 °C). */
export const hotCelsius = 80;

export function deviceWarning(device: DeviceInfo | null): { hot: boolean; throttled: boolean } {
  const now = device?.throttling?.now;
  const throttled = Boolean(now && (now.throttled || now.armFrequencyCapped || now.underVoltage || now.softTemperatureLimit));
  const hot = device?.temperatureCelsius != null && device.temperatureCelsius >= hotCelsius;
  return { hot, throttled };
}
