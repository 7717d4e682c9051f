import { z } from "zod";

/**
 * The `details` of every error code: the facts the UI words in the user's language (renderer/src/i18n) and the
 * services act on (retry or not). A message is main's English for logs and the "Details" disclosure; nothing reads
 * it back. Checked where an error is put on the wire and where one is read off it.
 */

/**
 * Why a GGUF file was refused (`details.reason` of a MODEL_INVALID error), from import, the library scan, a finished
 * download's check and the engine's load alike. The details name the specifics (which count, which key, where the
 * file ends); the renderer words each reason in the user's language (renderer/src/i18n, "gguf.*").
 */
export const ggufProblemReasons = [
  "not-gguf",
  "unsupported-version",
  "impossible-count",
  "truncated",
  "bad-value-type",
  "invalid-value",
  "invalid-tensor",
  "header-too-large",
  "missing-hyperparameter",
  "unsupported-architecture",
  "inspection-timeout",
  "inspection-failed",
] as const;
export type GgufProblemReason = (typeof ggufProblemReasons)[number];

export function isGgufProblemReason(value: unknown): value is GgufProblemReason {
  return typeof value === "string" && (ggufProblemReasons as readonly string[]).includes(value);
}

const text = z.string().max(4096);
const count = z.number().nonnegative();
const path = z.string().min(1).max(4096);

/** Where in a GGUF file the reader was (renderer words each: "gguf.section.*"). */
export const ggufSectionSchema = z.enum(["signature", "header", "metadata", "tensor-list", "tensor-data"]);
/** What an impossible count counts (renderer: "gguf.count.*"). */
export const ggufCountedSchema = z.enum(["metadata-entries", "tensors", "array-elements", "string-bytes", "dimensions"]);

/** What is wrong with one tensor (renderer: "gguf.tensor.*"). */
export const ggufTensorProblems = ["missing", "shape", "name-too-long", "duplicate", "dimensions", "type", "size", "offset"] as const;

/** The specifics of a GGUF problem, each present for the reasons that have it (see node/gguf). */
export const ggufProblemFactsSchema = z.strictObject({
  section: ggufSectionSchema.optional(),
  fileSize: count.optional(),
  neededBytes: count.optional(),
  count: ggufCountedSchema.optional(),
  subject: text.optional(),
  /** The value found (a number, or a bigint / text as a string). */
  value: z.union([z.string().max(4096), z.number(), z.boolean()]).optional(),
  limit: count.optional(),
  limitBytes: count.optional(),
  version: z.number().int().nonnegative().optional(),
  bigEndian: z.boolean().optional(),
  key: text.optional(),
  found: z.union([text, z.number()]).optional(),
  expected: text.optional(),
  tensor: text.optional(),
  problem: z.enum(ggufTensorProblems).optional(),
  architecture: text.optional(),
  seconds: count.optional(),
  cause: text.optional(),
});
export type GgufProblemFacts = z.infer<typeof ggufProblemFactsSchema>;

const modelInvalidDetails = z.union([
  ggufProblemFactsSchema.extend({ reason: z.enum(ggufProblemReasons), path: path.optional() }),
  z.strictObject({
    reason: z.literal("sha256-mismatch"),
    expectedSha256: z.string().max(100),
    actualSha256: z.string().max(100).nullable(),
    retryable: z.boolean().optional(),
  }),
  /** llama.cpp refused a file our own checks passed (its words are in the message). */
  z.strictObject({ reason: z.literal("load-failed"), path }),
]);

/** No HTTP answer from a host (node/services/library/connection-errors.ts). */
export const connectionFailures = ["dns", "unreachable", "refused", "tls", "timeout", "closed-without-answer"] as const;
export type ConnectionFailure = (typeof connectionFailures)[number];

/** Why a download or a library action is unavailable; absent for an HTTP error answer (`httpStatus` says it). */
export const unavailableReasons = [
  ...connectionFailures,
  "connection-lost",
  "stalled",
  "disk-space",
  "disk-full",
  "unexpected-status",
  "empty-body",
  "short-body",
  "range-not-satisfiable",
  "bad-content-range",
  "too-long",
  "insecure-redirect",
  "redirect-loop",
  "too-many-redirects",
  "bad-manifest",
  "no-checksum",
  "no-size",
  "upstream-changed",
  "sources-disagree",
  "models-folder",
  /** A browser on another device named a file on this machine. */
  "host-paths",
] as const;

export type UnavailableReason = (typeof unavailableReasons)[number];

const httpAnswer = {
  httpStatus: z.number().int().min(100).max(599).optional(),
  /** Hugging Face's `X-Error-Code` ("GatedRepo", "RepoNotFound", …). */
  hfErrorCode: z.string().max(200).nullable().optional(),
  /** The Ollama registry's `errors[0].code` ("MANIFEST_UNKNOWN", …). */
  registryErrorCode: z.string().max(200).nullable().optional(),
  serverMessage: z.string().max(2000).nullable().optional(),
};

const unavailableDetails = z.strictObject({
  reason: z.enum(unavailableReasons).optional(),
  /** Trying again may work; the download queue retries these itself. */
  retryable: z.boolean().optional(),
  /** This device itself looks offline (no DNS, no route). */
  offline: z.boolean().optional(),
  /** The repository is gated or private: an access token is needed (or was refused). */
  needsToken: z.boolean().optional(),
  /** The network error code (ENOTFOUND, ECONNRESET, …) and the host it came from. */
  code: z.string().max(100).optional(),
  host: z.string().max(300).optional(),
  timeoutSeconds: count.optional(),
  stall: z.enum(["idle", "slow"]).optional(),
  idleSeconds: count.optional(),
  floorBytesPerSecond: count.optional(),
  windowSeconds: count.optional(),
  needBytes: count.optional(),
  freeBytes: count.optional(),
  /** Upstream changed or sources disagree: which field, who said what. */
  field: z.enum(["sha256", "size"]).optional(),
  firstSource: text.optional(),
  firstValue: z.union([text, z.number()]).nullable().optional(),
  secondSource: text.optional(),
  secondValue: z.union([text, z.number()]).nullable().optional(),
  ...httpAnswer,
});

const notFoundDetails = z.strictObject({ path: path.optional(), ...httpAnswer });

/** A request refused by its schema: which field, and what the schema wants (the renderer words it). */
export const invalidFieldSchema = z.strictObject({
  /** The method whose params were refused; absent when a service checked a value itself. */
  method: z.string().max(100).optional(),
  /** Where in the params, dot-separated ("patch.sampling.temperature"); "" for the params as a whole. */
  field: z.string().max(500),
  problem: z.enum(["too-small", "too-big", "not-integer", "wrong-type", "not-allowed", "bad-format", "unknown-field", "invalid"]),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  /** What a bound limits: a number's value, a text's length, a list's items. */
  measure: z.enum(["value", "length", "items"]).optional(),
  /** The type wanted ("number", "string", …) for a wrong type. */
  expected: z.string().max(50).optional(),
  /** The format wanted ("url", "regex", …) for a bad format. */
  format: z.string().max(50).optional(),
  /** The accepted values, for a choice. */
  allowed: z.array(z.string().max(100)).max(50).optional(),
});
export type InvalidField = z.infer<typeof invalidFieldSchema>;

const badRequestDetails = z.union([invalidFieldSchema, z.strictObject({ path })]);

/**
 * Why a request to a remote chat server (another computer the user added) failed: node/remote/remote-errors.ts names
 * each. `receivedChars`: the part of an answer that arrived before it failed (the chat keeps it).
 */
export const remoteFailures = [
  "unreachable",
  "connect-timeout",
  "first-byte-timeout",
  "idle-timeout",
  "disconnected",
  "unauthorized",
  "model-not-found",
  "server-error",
  "stream-error",
  "redirected",
  "wrong-content-type",
  "malformed-response",
  "too-large",
  /** The chat is set to a server no longer in the list (removed): it is named, never replaced by another backend. */
  "server-removed",
] as const;
export type RemoteFailure = (typeof remoteFailures)[number];

const remoteFailedDetails = z.strictObject({
  failure: z.enum(remoteFailures),
  /** scheme://host:port of the server, never a key (absent for "server-removed"). */
  origin: z.string().max(300).optional(),
  /** The server as the user named it, and its id in `remote.list` (absent only from a bare client's error). */
  serverId: z.string().max(100).optional(),
  serverName: z.string().max(100).optional(),
  httpStatus: z.number().int().min(100).max(599).optional(),
  receivedChars: count.optional(),
});

const exitDetails = z.strictObject({ exitCode: z.number().int().nullable(), signal: z.string().max(50).nullable() });
const none = z.strictObject({});

/** Every error code with the schema of its `details` (always optional: an error may carry none). */
export const errorDetailsSchemas = {
  MODEL_NOT_FOUND: z.strictObject({ path }),
  MODEL_INVALID: modelInvalidDetails,
  MODEL_NOT_LOADED: none,
  OUT_OF_MEMORY: exitDetails,
  ENGINE_CRASHED: exitDetails,
  ENGINE_BUSY: none,
  /** The engine made no progress within its bound (a hung load or generation): it was killed. */
  ENGINE_STALLED: z.strictObject({ waitedMs: count, kind: z.enum(["silent", "stalled"]) }),
  /** A chat no longer fits in the context and the settings say to stop rather than leave messages out. */
  CONTEXT_FULL: none,
  CANCELLED: none,
  BAD_REQUEST: badRequestDetails,
  /** A client asked more of a connection than its limits allow. */
  RATE_LIMITED: none,
  NOT_FOUND: notFoundDetails,
  UNAVAILABLE: unavailableDetails,
  /** A remote chat server failed (details.failure says how). */
  REMOTE_FAILED: remoteFailedDetails,
  INTERNAL: none,
};
