/** What the configured endpoint says a download is (network), held against the catalog's pin: either source. */
import type { RemoteSource } from "../../../common/contract/app/library.ts";
import type { FetchFunction, HfAccess } from "./hf-http.ts";
import { resolveRemoteFile } from "./hf-resolve.ts";
import { resolveRegistryModel } from "./ollama-registry.ts";
import type { FileIdentity, PinnedFile } from "./remote-identity.ts";

export interface ResolvedDownload extends FileIdentity {
  /** The endpoint that answered (Hugging Face, a mirror, or the Ollama registry). */
  endpoint: string;
  commit: string | null;
}

export interface ResolveDownloadOptions {
  fetch: FetchFunction;
  hfAccess: () => Promise<HfAccess>;
  registryEndpoint: () => Promise<string>;
  timeoutMs: number;
}

export async function resolveDownload(source: RemoteSource, pinned: PinnedFile | undefined, options: ResolveDownloadOptions): Promise<ResolvedDownload> {
  const { fetch, timeoutMs } = options;
  if (source.kind === "huggingface") {
    const access = await options.hfAccess();
    const { sha256, sizeBytes, commit } = await resolveRemoteFile(source, { fetch, access, timeoutMs }, pinned);
    return { endpoint: access.endpoint, sha256, sizeBytes, commit };
  }
  const endpoint = await options.registryEndpoint();
  const { sha256, sizeBytes } = await resolveRegistryModel(source, { fetch, endpoint, timeoutMs }, pinned);
  return { endpoint, sha256, sizeBytes, commit: null };
}
