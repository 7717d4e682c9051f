/** Fault injection for the fake Hugging Face server, and what it counts. */

export interface HfFaults {
  /** Absolute file offsets where a CDN response is cut (socket destroyed); each is used once, in order. */
  dropAtOffsets: number[];
  /** The CDN answers 200 with the whole file whatever the Range says. */
  ignoreRange: boolean;
  /** Flip the byte at `offset` in the next `times` CDN responses that include it. */
  corrupt: { offset: number; times: number } | null;
  /** Answer the next `times` requests of this kind with `status`. */
  failures: { status: number; times: number; on: "resolve" | "cdn" } | null;
  /** Send CDN bodies in `chunkBytes` pieces, one every `intervalMs`. */
  throttle: { chunkBytes: number; intervalMs: number } | null;
  /** Stop sending after this many body bytes of the next CDN response, keeping the connection open until `releaseStalls()`. */
  stallAfterBytes: number | null;
  /** resolve → /loop/1 → /loop/2 → /loop/1 … */
  redirectLoop: boolean;
  /** Leave `X-Linked-Etag` / `X-Linked-Size` out of the resolve answer (clients must use the tree API). */
  hideLinkedHeaders: boolean;
  /**
   * Close the next `times` connections of this kind without a byte of answer (curl: "Empty reply from server"), as a
   * proxy or an overloaded server does after accepting the connection.
   */
  emptyReply: { on: "resolve" | "cdn"; times: number } | null;
  /** The resolve answer announces this SHA-256 / size instead of the file's (the file changed upstream, or a lying mirror). */
  announce: { sha256?: string; sizeBytes?: number } | null;
  /** The tree API lists this `lfs.oid` / size instead of the file's. */
  treeListing: { sha256?: string; sizeBytes?: number } | null;
  /** Headers the CDN adds to its answers (a redirect target claiming an identity: it must not count). */
  cdnHeaders: Record<string, string>;
}

export function noFaults(): HfFaults {
  return {
    dropAtOffsets: [],
    ignoreRange: false,
    corrupt: null,
    failures: null,
    throttle: null,
    stallAfterBytes: null,
    redirectLoop: false,
    hideLinkedHeaders: false,
    emptyReply: null,
    announce: null,
    treeListing: null,
    cdnHeaders: {},
  };
}

export interface RequestLogEntry {
  method: string;
  path: string;
  range: string | null;
  authorization: string | null;
}

export interface HfStats {
  /** Body bytes the CDN path wrote to sockets, over every response. */
  cdnBodyBytes: number;
  requests: RequestLogEntry[];
}

/** Consumes one injected failure for this kind of request, if any is pending. */
export function takeFailure(faults: HfFaults, on: "resolve" | "cdn"): number | null {
  const failure = faults.failures;
  if (!failure || failure.on !== on || failure.times <= 0) return null;
  failure.times--;
  return failure.status;
}

/** Consumes one injected empty reply for this kind of request, if any is pending. */
export function takeEmptyReply(faults: HfFaults, on: "resolve" | "cdn"): boolean {
  const empty = faults.emptyReply;
  if (!empty || empty.on !== on || empty.times <= 0) return false;
  empty.times--;
  return true;
}
